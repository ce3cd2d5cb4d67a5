package io.ferry.cli.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a data folder's {@code postmaster.pid} says about the server that wrote it: PostgreSQL writes the
 * postmaster's pid, the data folder, the start time, the port and a status line there while it runs, and
 * removes the file when it stops. A file left behind by a killed server or by a reboot is stale: its pid
 * is gone, or belongs to another program now.
 *
 * @param pid       the postmaster's process id
 * @param port      the TCP port it listens on
 * @param startedAt when it started (whole seconds)
 * @param status    {@code starting}, {@code ready}, {@code stopping} or {@code standby}
 */
public record Postmaster(long pid, int port, Instant startedAt, String status) {

    /** The file's name inside the data folder. */
    public static final String PID_FILE = "postmaster.pid";

    /** What the pid file tells, read without touching the server. */
    public sealed interface State {
        /** No pid file: no server runs on this data folder. */
        record Stopped() implements State {
        }

        /** The pid file names a live postmaster that accepts connections. */
        record Running(Postmaster postmaster) implements State {
        }

        /** A postmaster is starting or stopping (or writing its pid file): look again in a moment. */
        record Busy(String what) implements State {
        }

        /** The pid file is left over from a server that no longer runs; {@code why} says how we know. */
        record Stale(String why) implements State {
        }
    }

    /** Reads {@code postmaster.pid} in {@code data} and checks that its process is that postmaster. */
    public static State inspect(Path data) {
        List<String> lines;
        try {
            lines = Files.readAllLines(data.resolve(PID_FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new State.Stopped();
        } catch (IOException e) {
            return new State.Stale("its " + PID_FILE + " cannot be read (" + e.getMessage() + ")");
        }
        Postmaster pm;
        try {
            pm = new Postmaster(Long.parseLong(lines.get(0).strip()), Integer.parseInt(lines.get(3).strip()),
                    Instant.ofEpochSecond(Long.parseLong(lines.get(2).strip())),
                    lines.size() > 7 ? lines.get(7).strip() : "starting");
        } catch (RuntimeException e) {
            // A starting server writes the file in steps: an incomplete one is stale only once it is old.
            return recentlyWritten(data.resolve(PID_FILE)) ? new State.Busy("writing its " + PID_FILE)
                    : new State.Stale("its " + PID_FILE + " is incomplete");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pm.pid).filter(p -> isAlive(p.pid()));
        if (process.isEmpty()) {
            return new State.Stale("process " + pm.pid + " named in " + PID_FILE + " is not running (the server"
                    + " was killed, or the machine restarted)");
        }
        ProcessHandle.Info info = process.get().info();
        Optional<String> command = info.command();
        if (command.isPresent() && !isPostgres(command.get())) {
            return new State.Stale("process " + pm.pid + " named in " + PID_FILE + " is " + command.get()
                    + " now, not PostgreSQL (the machine restarted)");
        }
        Optional<Instant> started = info.startInstant();
        if (started.isPresent() && Duration.between(pm.startedAt, started.get()).abs().toSeconds() > 60) {
            return new State.Stale("process " + pm.pid + " named in " + PID_FILE + " started at " + started.get()
                    + ", not at " + pm.startedAt + " (the machine restarted)");
        }
        return pm.ready() ? new State.Running(pm) : new State.Busy(pm.status + " (pid " + pm.pid + ")");
    }

    private static boolean recentlyWritten(Path file) {
        try {
            return Duration.between(Files.getLastModifiedTime(file).toInstant(), Instant.now()).toSeconds() < 10;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isPostgres(String command) {
        String name = Path.of(command).getFileName().toString();
        return name.equals("postgres") || name.equals("postgres.exe") || name.equals("postmaster");
    }

    /** True while the server accepts connections. */
    public boolean ready() {
        return status.equals("ready");
    }

    /** True while the process lives. */
    public boolean alive() {
        return isAlive(pid);
    }

    /**
     * True when the process runs. A killed postmaster whose parent has gone stays a zombie until the
     * machine's init process reaps it; Java counts a zombie as alive, Linux's process table says 'Z'.
     */
    static boolean isAlive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : 'R';
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return true; // no /proc (macOS), or the process just ended: trust the process handle
        }
    }
}
