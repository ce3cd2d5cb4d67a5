package io.ferry.workspace;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The embedded default database: a PostgreSQL server from the binaries Ferry ships, whose data lives in
 * {@code .ferry/pg} under the current directory.
 *
 * <p>A command uses the server running there, or starts one. While it uses it, it holds a shared lock on
 * {@code .ferry/pg.users}; when it ends, the last command using a server stops it, unless
 * {@code ferry db start} asked to keep it ({@code .ferry/pg.kept} names its pid). So a command never
 * stops a server another command is using, and no server started for a command outlives the commands
 * that use it, even when the one that started it was killed. Whatever finds, clears or starts a server
 * does so holding {@code .ferry/pg.lock}, so that two processes never judge the same pid file stale or
 * start two servers on one data folder. A {@code postmaster.pid} left by a killed server or a restart is
 * recognised as stale, never waited on.
 */
public final class EmbeddedServer implements AutoCloseable {

    /** Where the data lives, relative to the current directory. */
    public static final Path DATA = Path.of(".ferry", "pg");

    /** Where the server writes its messages. */
    public static final Path LOG = Path.of(".ferry", "pg.log");

    private static final Path USERS = Path.of(".ferry", "pg.users");
    private static final Path LOCK = Path.of(".ferry", "pg.lock");
    private static final Path KEPT = Path.of(".ferry", "pg.kept");

    /** How long to wait for a server that is starting or stopping, or for another process's lock. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Postmaster postmaster;
    private final FileChannel users;
    private final PrintWriter err;
    private final Thread hook;
    private FileLock use;
    private boolean closed;

    private EmbeddedServer(Postmaster postmaster, FileChannel users, FileLock use, PrintWriter err) {
        this.postmaster = postmaster;
        this.users = users;
        this.use = use;
        this.err = err;
        this.hook = new Thread(this::close, "ferry-embedded-server");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * The server for one command: the one running on {@code .ferry/pg}, or a new one. {@link #close}
     * stops it when this command is the last to use it and it is not kept.
     */
    public static EmbeddedServer forCommand(PrintWriter err) {
        return forCommand(err, "no database given (--url, FERRY_URL, DATABASE_URL or url in ferry.yaml); using the"
                + " embedded PostgreSQL in " + DATA);
    }

    /** As {@link #forCommand(PrintWriter)}, its note on stderr starting with {@code intro}. */
    public static EmbeddedServer forCommand(PrintWriter err, String intro) {
        requireBinaries();
        FileChannel users = open(USERS);
        FileLock use = null;
        try {
            use = lock(users, true, "another ferry command stopping the embedded PostgreSQL");
            List<String> notes = new ArrayList<>();
            Postmaster postmaster;
            boolean startedNow = false;
            try (FileChannel lockFile = open(LOCK); FileLock ignored = lock(lockFile, false, "another ferry command"
                    + " starting the embedded PostgreSQL")) {
                Optional<Postmaster> running = running(notes);
                if (running.isPresent()) {
                    note(err, intro + ", running (pid " + running.get().pid() + ", port " + running.get().port() + ")");
                    postmaster = running.get();
                } else {
                    note(err, intro + ", started for this command ('ferry db start' keeps it running)");
                    postmaster = start(0);
                    startedNow = true;
                }
            }
            notes.forEach(n -> note(err, n));
            try {
                return new EmbeddedServer(postmaster, users, use, err);
            } catch (IllegalStateException shuttingDown) {
                // The process began to exit while the server started (a server's SIGTERM during its first drift
                // check): no hook can stop it any more, so stop it now rather than leave it running.
                if (startedNow) {
                    stopProcess(postmaster.pid());
                }
                throw failed("the process is exiting; the embedded PostgreSQL it was starting has been stopped");
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(use);
            closeQuietly(users);
            throw e instanceof RuntimeException r ? r : failed("cannot lock " + LOCK + ": " + e.getMessage());
        }
    }

    /**
     * Starts the server, or finds it running, and keeps it running after this process and every command
     * has ended, until {@link #stop} ({@code ferry db start}).
     *
     * @param port the port to listen on, or 0 for a free one
     */
    public static Started startKept(int port, List<String> notes) {
        requireBinaries();
        try (FileChannel lockFile = open(LOCK); FileLock ignored = lock(lockFile, false, "another ferry command"
                + " starting the embedded PostgreSQL")) {
            Optional<Postmaster> running = running(notes);
            Postmaster postmaster = running.isPresent() ? running.get() : start(port);
            Files.writeString(KEPT, Long.toString(postmaster.pid()));
            return new Started(postmaster, running.isEmpty());
        } catch (IOException e) {
            throw failed("cannot write " + KEPT + ": " + e.getMessage());
        }
    }

    /** The outcome of {@link #startKept}. */
    public record Started(Postmaster postmaster, boolean startedNow) {
    }

    /** True when {@code ferry db start} keeps this server running. */
    public static boolean isKept(Postmaster postmaster) {
        try {
            return Files.readString(KEPT).strip().equals(Long.toString(postmaster.pid()));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops the server on {@code .ferry/pg}, whoever uses it, and whether it is ready, starting or
     * stopping (a fast shutdown: open sessions are rolled back). A stale pid file is cleared.
     *
     * @return the pid of the server that was stopped, or empty when none ran
     */
    public static OptionalLong stop(List<String> notes) {
        if (!Files.isDirectory(DATA)) {
            return OptionalLong.empty();
        }
        try (FileChannel lockFile = open(LOCK); FileLock ignored = lock(lockFile, false, "another ferry command"
                + " starting the embedded PostgreSQL")) {
            Postmaster.State state = Postmaster.inspect(DATA);
            OptionalLong pid = state instanceof Postmaster.State.Running r ? OptionalLong.of(r.postmaster().pid())
                    : state instanceof Postmaster.State.Busy b ? b.pid() : OptionalLong.empty();
            if (state instanceof Postmaster.State.Stale s) {
                notes.add("the embedded PostgreSQL in " + DATA + " is not running: " + s.why());
                clearStale(s);
            }
            pid.ifPresent(EmbeddedServer::stopProcess);
            Files.deleteIfExists(KEPT);
            return pid;
        } catch (IOException e) {
            throw failed("cannot remove " + KEPT + ": " + e.getMessage());
        }
    }

    /**
     * The server running on {@code .ferry/pg}, if any; waits for one that is starting or stopping. A stale
     * pid file counts as none: it is cleared, and a note says why it was stale. Call it holding the lock.
     */
    private static Optional<Postmaster> running(List<String> notes) {
        Postmaster.State settled = poll(WAIT, () -> Optional.of(Postmaster.inspect(DATA))
                .filter(state -> !(state instanceof Postmaster.State.Busy)))
                .orElseThrow(() -> failed("the embedded PostgreSQL in " + DATA + " has been starting or stopping for "
                        + WAIT.toSeconds() + " s", "read " + LOG + ", then stop it with 'ferry db stop', or give a"
                        + " server with --url"));
        if (settled instanceof Postmaster.State.Stale s) {
            notes.add("the embedded PostgreSQL in " + DATA + " is not running: " + s.why());
            clearStale(s);
        }
        return settled instanceof Postmaster.State.Running r ? Optional.of(r.postmaster()) : Optional.empty();
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
     * Ends this command's use of the server, and stops the server when no other command uses it and it
     * is not kept. Runs at the latest when the process exits (a signal included).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs, or has run, this same method
            }
        }
        try {
            closeQuietly(use);
            if (isKept(postmaster)) {
                return;
            }
            FileLock last = tryLock(false);
            if (last == null) {
                return; // another command uses it, and stops it when it is the last
            }
            // Under the lock that 'ferry db start' takes to keep a server: it cannot keep this one meanwhile.
            try (FileChannel lockFile = open(LOCK); FileLock ignored = lock(lockFile, false, "another ferry command"
                    + " starting the embedded PostgreSQL")) {
                if (postmaster.alive() && !isKept(postmaster)) {
                    stopProcess(postmaster.pid());
                }
            } catch (IOException e) {
                throw failed("cannot release " + LOCK + ": " + e.getMessage());
            } finally {
                closeQuietly(last);
            }
        } catch (RuntimeException e) {
            err.println("ferry: could not stop the embedded PostgreSQL (pid " + postmaster.pid() + "): "
                    + e.getMessage() + "; 'ferry db stop' stops it");
            err.flush();
        } finally {
            closeQuietly(users);
        }
    }

    private FileLock tryLock(boolean shared) {
        try {
            return users.tryLock(0, Long.MAX_VALUE, shared);
        } catch (IOException | OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Removes a stale pid file, once no process of the old server is left, and only if nobody rewrote it
     * meanwhile: PostgreSQL refuses to start while the pid in the file names any process, and a killed
     * postmaster can stay a zombie for long when nothing reaps it. Every server process works in its data
     * folder, so none is left when no PostgreSQL process has that folder as its working directory. Without
     * {@code /proc} to tell (macOS), a file whose pid is gone is left to PostgreSQL's own check, which also
     * covers the shared memory the old server's last processes may hold.
     */
    private static void clearStale(Postmaster.State.Stale stale) {
        Path pidFile = DATA.resolve(Postmaster.PID_FILE);
        if (Files.isDirectory(Path.of("/proc"))) {
            if (poll(Duration.ofSeconds(10), () -> Optional.of(true).filter(t -> serverProcessesIn(DATA).isEmpty()))
                    .isEmpty()) {
                List<Long> left = serverProcessesIn(DATA);
                throw failed("processes " + left + " of a killed embedded PostgreSQL still run in " + DATA,
                        "end them (kill " + (left.isEmpty() ? "..." : left.get(0) + " ...") + "), then run the command"
                                + " again");
            }
        } else if (stale.why().contains("is not running")) {
            return;
        }
        try {
            if (Postmaster.unchanged(DATA, stale.contents())) {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            throw failed("cannot remove the stale " + pidFile + ": " + e.getMessage(), "remove it by hand");
        }
    }

    /** The live PostgreSQL processes working in {@code folder}. */
    private static List<Long> serverProcessesIn(Path folder) {
        Path real = Postmaster.realPath(folder);
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(Postmaster::isPostgres).orElse(false))
                .map(ProcessHandle::pid)
                .filter(pid -> Postmaster.workingFolder(pid).map(real::equals).orElse(false))
                .filter(Postmaster::isAlive)
                .toList();
    }

    /** Starts a server on the data folder and waits until it accepts connections. Call it holding the lock. */
    private static Postmaster start(int port) {
        try {
            EmbeddedLauncher.start(DATA.toAbsolutePath(), port, LOG.toAbsolutePath(), WAIT);
        } catch (IOException | RuntimeException e) {
            // A slow start (crash recovery, a slow disk) may outlast the launcher's patience: if the server
            // is coming up, wait for it; otherwise say what the server said.
            if (!(Postmaster.inspect(DATA) instanceof Postmaster.State.Busy)) {
                String why = lastProblem().orElse(e.getMessage() == null ? e.toString() : e.getMessage());
                throw failed("could not start the embedded PostgreSQL in " + DATA + ": "
                        + why.lines().findFirst().orElse(why), "read " + LOG + "; or give a real server with --url"
                        + " or FERRY_URL");
            }
        }
        return poll(WAIT, () -> Postmaster.inspect(DATA) instanceof Postmaster.State.Running r
                ? Optional.of(r.postmaster()) : Optional.empty())
                .orElseThrow(() -> failed("the embedded PostgreSQL in " + DATA + " started but did not report itself"
                        + " ready within " + WAIT.toSeconds() + " s", "read " + LOG + ", then 'ferry db stop'"));
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

    /**
     * Fails with a clear message on a platform Ferry ships no PostgreSQL binaries for: they are named
     * {@code postgres-<system>-<architecture>.txz} inside the binaries' jars, and are built against glibc.
     */
    private static void requireBinaries() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String system = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin"
                : os.startsWith("windows") ? "windows" : os;
        String architecture = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : arch;
        String resource = "postgres-" + system + "-" + architecture + ".txz";
        boolean musl = system.equals("linux") && Files.exists(Path.of("/etc/alpine-release"));
        if (musl || EmbeddedServer.class.getClassLoader().getResource(resource) == null) {
            throw failed("Ferry has no embedded PostgreSQL for " + System.getProperty("os.name")
                    + (musl ? " with musl (Alpine)" : "") + " on " + System.getProperty("os.arch")
                    + " (it ships one for Linux with glibc and macOS, on x86-64 and ARM64)",
                    "give a server with --url, FERRY_URL or DATABASE_URL");
        }
    }

    /** Asks the postmaster for a fast shutdown, then an immediate one, and waits until it is gone. */
    private static void stopProcess(long pid) {
        signal(pid, "INT");
        if (!waitForExit(pid, WAIT)) {
            signal(pid, "QUIT");
            if (!waitForExit(pid, Duration.ofSeconds(10))) {
                throw failed("the embedded PostgreSQL (pid " + pid + ") did not stop within " + (WAIT.toSeconds() + 10)
                        + " s", "kill it: kill -9 " + pid);
            }
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
        } catch (IOException e) {
            throw failed("cannot signal the embedded PostgreSQL (pid " + pid + "): " + e.getMessage(),
                    "stop it by hand: kill -INT " + pid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitForExit(long pid, Duration limit) {
        return poll(limit, () -> Optional.of(true).filter(t -> !Postmaster.isAlive(pid))).isPresent();
    }

    private static FileChannel open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failed("cannot open " + file + ": " + e.getMessage());
        }
    }

    /** Takes a lock on a file, waiting at most {@link #WAIT} for {@code holder} to let go of it. */
    private static FileLock lock(FileChannel channel, boolean shared, String holder) {
        return poll(WAIT, () -> {
            try {
                return Optional.ofNullable(channel.tryLock(0, Long.MAX_VALUE, shared));
            } catch (IOException e) {
                throw failed("cannot lock a file in .ferry: " + e.getMessage());
            }
        }).orElseThrow(() -> failed("waited " + WAIT.toSeconds() + " s for " + holder, "run the command again;"
                + " 'ferry db status' shows the server"));
    }

    /**
     * Asks {@code attempt} every 50 ms until it gives a value or {@code limit} has passed. The server is
     * another process, which says what it is doing only through its files and the process table: this
     * is the one place that waits on them.
     */
    private static <T> Optional<T> poll(Duration limit, Supplier<Optional<T>> attempt) {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            Optional<T> value = attempt.get();
            if (value.isPresent() || Instant.now().isAfter(deadline)) {
                return value;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("interrupted while waiting for the embedded PostgreSQL", "run the command again");
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // released with the process at the latest
            }
        }
    }

    private static void note(PrintWriter err, String message) {
        err.println("ferry: " + message);
        err.flush();
    }

    private static FerryException failed(String message) {
        return failed(message, "give a server with --url or FERRY_URL");
    }

    private static FerryException failed(String message, String hint) {
        return new FerryException(MigrationErrorCode.EMBEDDED_DATABASE_FAILED, message, hint);
    }

    /** For {@code ferry db status}: what the pid file says, changing nothing and waiting for nothing. */
    public static Postmaster.State state() {
        return Postmaster.inspect(DATA);
    }
}
