package io.ferry.workspace;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a data folder's {@code postmaster.pid} says about the server that wrote it. PostgreSQL writes the
 * postmaster's pid, the data folder, the start time, the port and a status line there while it runs, and
 * removes the file when it stops. A file left behind by a killed server or by a restart of the machine
 * is stale: its pid is gone (or a zombie), or belongs to another program now.
 *
 * @param pid       the postmaster's process id
 * @param port      the TCP port it listens on
 * @param startedAt when it started (whole seconds)
 * @param status    {@code starting}, {@code ready}, {@code stopping} or {@code standby}
 */
public record Postmaster(long pid, int port, Instant startedAt, String status) {

    /** The file's name inside the data folder. */
    public static final String PID_FILE = "postmaster.pid";

    /** What the pid file tells. */
    public sealed interface State {
        /** No pid file: no server runs on this data folder. */
        record Stopped() implements State {
        }

        /** The pid file names a live postmaster that accepts connections. */
        record Running(Postmaster postmaster) implements State {
        }

        /** A postmaster is starting or stopping, or writing its pid file: look again in a moment. */
        record Busy(OptionalLong pid, String what) implements State {
        }

        /**
         * The pid file is left over from a server that no longer runs.
         *
         * @param why      how we know, for people
         * @param contents the file as it was read, so that it is removed only if nobody rewrote it
         */
        record Stale(String why, byte[] contents) implements State {
        }
    }

    /**
     * Reads {@code postmaster.pid} in {@code data} and checks that its process is that postmaster.
     *
     * @throws FerryException when the file exists but cannot be read (another user's data folder)
     */
    public static State inspect(Path data) {
        Path file = data.resolve(PID_FILE);
        byte[] contents;
        try {
            contents = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new State.Stopped();
        } catch (IOException e) {
            String why = e instanceof AccessDeniedException ? "permission denied: the data folder belongs to another"
                    + " user" : e.getMessage();
            throw new FerryException(MigrationErrorCode.EMBEDDED_DATABASE_FAILED, "cannot read " + file + " (" + why + ")",
                    "run ferry as the user who created " + data + ", or give a server with --url");
        }
        List<String> lines = new String(contents, StandardCharsets.UTF_8).lines().toList();
        OptionalLong pid = number(lines, 0);
        OptionalLong port = number(lines, 3);
        OptionalLong started = number(lines, 2);
        if (pid.isEmpty()) {
            // A starting server writes the file in steps: an unreadable one is stale only once it is old.
            return recentlyWritten(file) ? new State.Busy(pid, "writing its " + PID_FILE)
                    : new State.Stale("its " + PID_FILE + " names no process", contents);
        }
        long p = pid.getAsLong();
        if (!isAlive(p)) {
            return new State.Stale("process " + p + " named in " + PID_FILE + " is not running (the server was"
                    + " killed, or the machine restarted)", contents);
        }
        Optional<String> command = ProcessHandle.of(p).flatMap(h -> h.info().command());
        if (command.isPresent() && !isPostgres(command.get())) {
            return new State.Stale("process " + p + " named in " + PID_FILE + " is " + command.get()
                    + " now, not PostgreSQL (the machine restarted)", contents);
        }
        Optional<Path> cwd = workingFolder(p);
        if (command.isPresent() && cwd.isPresent() && !cwd.get().equals(realPath(data))) {
            return new State.Stale("process " + p + " named in " + PID_FILE + " is a PostgreSQL server of "
                    + cwd.get() + " now (the machine restarted)", contents);
        }
        String status = lines.size() > 7 ? lines.get(7).strip() : "starting";
        if (port.isEmpty() || started.isEmpty() || !status.equals("ready")) {
            return new State.Busy(pid, status + " (pid " + p + ")");
        }
        return new State.Running(new Postmaster(p, (int) port.getAsLong(),
                Instant.ofEpochSecond(started.getAsLong()), status));
    }

    private static OptionalLong number(List<String> lines, int index) {
        try {
            return index < lines.size() ? OptionalLong.of(Long.parseLong(lines.get(index).strip())) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** True when the pid file still holds what was read: nobody rewrote it since. */
    static boolean unchanged(Path data, byte[] contents) {
        try {
            return Arrays.equals(Files.readAllBytes(data.resolve(PID_FILE)), contents);
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isPostgres(String command) {
        String name = Path.of(command).getFileName().toString();
        return name.equals("postgres") || name.equals("postgres.exe") || name.equals("postmaster");
    }

    /** The process's working folder, where the system tells it ({@code /proc} on Linux). */
    static Optional<Path> workingFolder(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    static Path realPath(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            return folder.toAbsolutePath().normalize();
        }
    }

    private static boolean recentlyWritten(Path file) {
        try {
            return Duration.between(Files.getLastModifiedTime(file).toInstant(), Instant.now()).toSeconds() < 10;
        } catch (IOException e) {
            return false;
        }
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
