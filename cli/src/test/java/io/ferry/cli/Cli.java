package io.ferry.cli;

import io.ferry.migration.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code ./ferry} launcher of the built project in a working directory, with an
 * environment the test controls (the caller's Ferry variables are removed), and captures both streams.
 */
final class Cli {

    private static final Path LAUNCHER = Path.of("..", "ferry").toAbsolutePath().normalize();

    /**
     * A thread for each stream read: they block until the process ends, so on the common pool (a few threads
     * on a machine of a few cores) two running processes could leave a third's output unread.
     */
    private static final Executor READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "ferry-output-reader");
        thread.setDaemon(true);
        return thread;
    });

    private final Path cwd;
    private final Map<String, String> env = new HashMap<>();

    Cli(Path cwd) {
        this.cwd = cwd;
        env.putAll(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("FERRY_") || k.equals("DATABASE_URL"));
    }

    /** A CLI pointed at a test database through FERRY_URL, FERRY_USER and FERRY_PASSWORD. */
    static Cli against(TestDatabase db, Path cwd) {
        Cli cli = new Cli(cwd);
        cli.env("FERRY_URL", db.url());
        cli.env("FERRY_USER", db.user());
        if (db.password() != null) {
            cli.env("FERRY_PASSWORD", db.password());
        }
        return cli;
    }

    Cli env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    Result run(String... args) {
        return start(args).await();
    }

    /** Starts ferry in the background, for tests that signal or kill it. */
    Running start(String... args) {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Files.createDirectories(cwd);
            Process p = pb.start();
            p.getOutputStream().close();
            return new Running(p, CompletableFuture.supplyAsync(() -> read(p.getInputStream()), READERS),
                    CompletableFuture.supplyAsync(() -> read(p.getErrorStream()), READERS), String.join(" ", args));
        } catch (IOException e) {
            throw new AssertionError("could not start ferry " + String.join(" ", args), e);
        }
    }

    /** A ferry process running in the background (the launcher execs java, so this is the JVM). */
    record Running(Process process, CompletableFuture<String> out, CompletableFuture<String> err, String command) {

        long pid() {
            return process.pid();
        }

        /** Sends a signal by name (INT, TERM, KILL). */
        void signal(String name) {
            try {
                int exit = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start().waitFor();
                if (exit != 0) {
                    throw new AssertionError("kill -" + name + " " + pid() + " failed");
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        Result await() {
            try {
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("ferry " + command + " did not finish in 180 s");
                }
                return new Result(process.exitValue(), out.get(), err.get(), command);
            } catch (Exception e) {
                throw new AssertionError("ferry " + command + " failed to finish", e);
            }
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Result(int exit, String out, String err, String command) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        /** The error on stderr, asserting that stderr holds its lines and nothing else. */
        ErrorLines error() {
            return ErrorLines.of(this);
        }

        @Override
        public String toString() {
            return "ferry " + command + " -> exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
