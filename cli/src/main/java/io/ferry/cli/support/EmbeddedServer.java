package io.ferry.cli.support;

import io.ferry.migration.ErrorCode;
import io.ferry.migration.FerryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The embedded default database: a PostgreSQL server from the binaries Ferry ships, whose data lives in
 * {@code .ferry/pg} under the current directory. A command uses the server already running there (one
 * that {@code ferry db start} keeps up, or one a killed command left behind), or else starts one for
 * itself and stops it when it ends. A {@code postmaster.pid} left by a killed server or a reboot is
 * recognised as stale, never waited on.
 */
public final class EmbeddedServer implements AutoCloseable {

    /** Where the data lives, relative to the current directory. */
    public static final Path DATA = Path.of(".ferry", "pg");

    /** Where the server writes its messages. */
    public static final Path LOG = Path.of(".ferry", "pg.log");

    /** How long to wait for a server that another command is starting or stopping. */
    private static final Duration BUSY_WAIT = Duration.ofSeconds(60);

    private final Postmaster postmaster;
    private final AutoCloseable startedHere;
    private final PrintWriter err;

    private EmbeddedServer(Postmaster postmaster, AutoCloseable startedHere, PrintWriter err) {
        this.postmaster = postmaster;
        this.startedHere = startedHere;
        this.err = err;
    }

    /**
     * The server for one command: the one running on {@code .ferry/pg}, or a new one that {@link #close}
     * stops.
     */
    public static EmbeddedServer forCommand(PrintWriter err) {
        List<String> notes = new ArrayList<>();
        Optional<Postmaster> running = running(notes);
        String intro = "no database given (--url, FERRY_URL, DATABASE_URL or url in ferry.yaml); using the embedded"
                + " PostgreSQL in " + DATA;
        if (running.isPresent()) {
            note(err, intro + ", running (pid " + running.get().pid() + ", port " + running.get().port() + ")");
            notes.forEach(n -> note(err, n));
            return new EmbeddedServer(running.get(), null, err);
        }
        note(err, intro + ", started for this command ('ferry db start' keeps it running)");
        notes.forEach(n -> note(err, n));
        AutoCloseable server = start(false, 0);
        return new EmbeddedServer(waitUntilRunning(), server, err);
    }

    /**
     * Starts the server and leaves it running after this process ends ({@code ferry db start}).
     *
     * @param port the port to listen on, or 0 for a free one
     * @return the running server, and whether it was already running
     */
    public static Started startKept(int port, List<String> notes) {
        Optional<Postmaster> running = running(notes);
        if (running.isPresent()) {
            return new Started(running.get(), false);
        }
        start(true, port);
        return new Started(waitUntilRunning(), true);
    }

    /** The outcome of {@link #startKept}. */
    public record Started(Postmaster postmaster, boolean startedNow) {
    }

    /**
     * The server running on {@code .ferry/pg}, if any. A stale pid file counts as none, and adds a note
     * that says why it is stale.
     */
    public static Optional<Postmaster> running(List<String> notes) {
        Instant deadline = Instant.now().plus(BUSY_WAIT);
        while (true) {
            Postmaster.State state = Postmaster.inspect(DATA);
            if (state instanceof Postmaster.State.Running r) {
                return Optional.of(r.postmaster());
            }
            if (state instanceof Postmaster.State.Stopped) {
                return Optional.empty();
            }
            if (state instanceof Postmaster.State.Stale s) {
                notes.add("the embedded PostgreSQL in " + DATA + " is not running: " + s.why());
                clearStale(s);
                return Optional.empty();
            }
            String what = ((Postmaster.State.Busy) state).what();
            if (Instant.now().isAfter(deadline)) {
                throw new FerryException(ErrorCode.EMBEDDED_DATABASE_FAILED, "the embedded PostgreSQL in " + DATA
                        + " has been " + what + " for " + BUSY_WAIT.toSeconds() + " s",
                        "read " + LOG + " or the server's messages, then 'ferry db stop', or give a server with --url");
            }
            sleep(200);
        }
    }

    /**
     * Stops the server on {@code .ferry/pg} (a fast shutdown: open sessions are rolled back).
     *
     * @return the server that was stopped, or empty when none ran
     */
    public static Optional<Postmaster> stop(List<String> notes) {
        Optional<Postmaster> running = running(notes);
        if (running.isEmpty()) {
            return Optional.empty();
        }
        Postmaster pm = running.get();
        signal(pm.pid(), "INT");
        if (!waitForExit(pm, Duration.ofSeconds(60))) {
            signal(pm.pid(), "QUIT");
            if (!waitForExit(pm, Duration.ofSeconds(10))) {
                throw new FerryException(ErrorCode.EMBEDDED_DATABASE_FAILED, "the embedded PostgreSQL (pid " + pm.pid()
                        + ") did not stop within 70 s", "kill it: kill -9 " + pm.pid());
            }
        }
        return running;
    }

    public ConnectionSpec connection() {
        return connection(postmaster);
    }

    /** How to reach a running embedded server: the superuser postgres, trusted on localhost. */
    public static ConnectionSpec connection(Postmaster postmaster) {
        return new ConnectionSpec(url(postmaster), "postgres", null);
    }

    public static String url(Postmaster postmaster) {
        return "jdbc:postgresql://localhost:" + postmaster.port() + "/postgres";
    }

    /**
     * Stops the server if this command started it, unless another client is connected to it by now (a
     * second command that found it running): then it stays up, and says so.
     */
    @Override
    public void close() throws Exception {
        if (startedHere == null) {
            return;
        }
        if (otherClients() > 0) {
            note(err, "left the embedded PostgreSQL running: another client is connected to it; 'ferry db stop'"
                    + " stops it");
            return;
        }
        startedHere.close();
    }

    private int otherClients() {
        try (Connection c = DriverManager.getConnection(url(postmaster), "postgres", null);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client"
                     + " backend' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    /**
     * Removes a stale pid file once no process of the old server is left: PostgreSQL refuses to start
     * while the pid in the file names any process, and a killed postmaster can stay a zombie for long
     * when nothing reaps it. Every server process works in its data folder, so none is left when no
     * process has that folder as its working directory. Without {@code /proc} to tell (macOS), only a
     * pid that now belongs to another program is cleared, and the rest left to PostgreSQL's own check.
     */
    private static void clearStale(Postmaster.State.Stale stale) {
        Path pidFile = DATA.resolve(Postmaster.PID_FILE);
        Path proc = Path.of("/proc");
        if (Files.isDirectory(proc)) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (processesIn(DATA.toAbsolutePath(), proc) > 0) {
                if (Instant.now().isAfter(deadline)) {
                    throw new FerryException(ErrorCode.EMBEDDED_DATABASE_FAILED, "processes of a killed embedded"
                            + " PostgreSQL still run in " + DATA, "end them (ps -ef | grep postgres), then run the"
                            + " command again");
                }
                sleep(100);
            }
        } else if (stale.why().contains("is not running")) {
            return;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.EMBEDDED_DATABASE_FAILED, "cannot remove the stale " + pidFile + ": "
                    + e.getMessage(), "remove it by hand");
        }
    }

    /** How many live processes work in {@code folder}. */
    private static long processesIn(Path folder, Path proc) {
        Path real;
        try {
            real = folder.toRealPath();
        } catch (IOException e) {
            return 0;
        }
        try (var entries = Files.list(proc)) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return Files.readSymbolicLink(p.resolve("cwd")).equals(real)
                                    && Postmaster.isAlive(Long.parseLong(p.getFileName().toString()));
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    }).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static AutoCloseable start(boolean keep, int port) {
        requireBinaries();
        IOException last = null;
        // Processes of a killed server may hold its shared memory for a moment: then the start is refused
        // ("pre-existing shared memory block is still in use"), and a second try a little later succeeds.
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return EmbeddedLauncher.start(DATA.toAbsolutePath(), keep, port, LOG.toAbsolutePath());
            } catch (IOException | RuntimeException e) {
                last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                Optional<Postmaster> now = Postmaster.inspect(DATA) instanceof Postmaster.State.Running r
                        ? Optional.of(r.postmaster()) : Optional.empty();
                if (now.isPresent()) {
                    return () -> { }; // another command started it meanwhile: use it, leave it to its owner
                }
                sleep(1000L * attempt);
            }
        }
        String why = lastProblem().orElse(last.getMessage() == null ? last.toString() : last.getMessage());
        throw new FerryException(ErrorCode.EMBEDDED_DATABASE_FAILED,
                "could not start the embedded PostgreSQL in " + DATA + ": " + why.lines().findFirst().orElse(why),
                "read " + LOG + "; or give a real server with --url or FERRY_URL");
    }

    /** The last error the server or pg_ctl wrote to the log, if any. */
    private static Optional<String> lastProblem() {
        try {
            List<String> lines = Files.readAllLines(LOG);
            for (int i = lines.size() - 1; i >= Math.max(0, lines.size() - 50); i--) {
                String line = lines.get(i);
                int at = Math.max(line.indexOf("FATAL:"), line.indexOf("pg_ctl:"));
                if (at >= 0) {
                    return Optional.of(line.substring(at).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // no log to read
        }
        return Optional.empty();
    }

    private static Postmaster waitUntilRunning() {
        Instant deadline = Instant.now().plus(BUSY_WAIT);
        while (true) {
            if (Postmaster.inspect(DATA) instanceof Postmaster.State.Running r) {
                return r.postmaster();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new FerryException(ErrorCode.EMBEDDED_DATABASE_FAILED, "the embedded PostgreSQL in " + DATA
                        + " started but never reported itself ready", "read " + LOG + ", then 'ferry db stop'");
            }
            sleep(50);
        }
    }

    /**
     * Fails with a clear message on a platform Ferry ships no PostgreSQL binaries for (they are named
     * {@code postgres-<system>-<architecture>.txz} inside the binaries' jars).
     */
    private static void requireBinaries() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String system = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin"
                : os.startsWith("windows") ? "windows" : os;
        String architecture = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : arch;
        String resource = "postgres-" + system + "-" + architecture + ".txz";
        if (EmbeddedServer.class.getClassLoader().getResource(resource) == null) {
            throw new FerryException(ErrorCode.EMBEDDED_DATABASE_FAILED, "Ferry has no embedded PostgreSQL for "
                    + System.getProperty("os.name") + " on " + System.getProperty("os.arch")
                    + " (it ships one for Linux and macOS on x86-64 and ARM64)",
                    "give a server with --url, FERRY_URL or DATABASE_URL");
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
        } catch (IOException e) {
            throw new FerryException(ErrorCode.EMBEDDED_DATABASE_FAILED, "cannot signal the embedded PostgreSQL (pid "
                    + pid + "): " + e.getMessage(), "stop it by hand: kill -INT " + pid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitForExit(Postmaster pm, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (pm.alive()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleep(50);
        }
        return true;
    }

    private static void note(PrintWriter err, String message) {
        err.println("ferry: " + message);
        err.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.EMBEDDED_DATABASE_FAILED, "interrupted while waiting for the embedded"
                    + " PostgreSQL", "run the command again");
        }
    }
}
