package io.ferry.migration.testing;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.event.MigrationEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code upgrade head} in a process of its own, for tests of concurrent processes and of crashes.
 * Arguments: JDBC URL, user, password ("-" for none), migration folder, and optionally "flyway" to read
 * the folder as a Flyway project. Prints {@value #WAITING} with the holder each time it reports waiting
 * for the migration lock, then the number of revisions it ran, and exits 0 on success, 1 on a Ferry
 * error.
 */
public final class UpgradeMain {

    /** The start of the line printed while the process waits for the migration lock. */
    public static final String WAITING = "waiting for the migration lock";

    private UpgradeMain() {
    }

    public static void main(String[] args) {
        boolean flyway = args.length > 4 && args[4].equals("flyway");
        FerryConfiguration configuration = Ferry.configure()
                .dataSource(args[0], args[1], args[2].equals("-") ? null : args[2])
                .locations(Path.of(args[3]))
                .lockWait(Duration.ofSeconds(120))
                .listener(event -> {
                    if (event instanceof MigrationEvent.LockWaiting waiting) {
                        System.out.println(WAITING + ", held by " + waiting.holder().map(h -> "pid " + h.pid())
                                .orElse("a session that just ended"));
                        System.out.flush();
                    }
                });
        Ferry ferry = (flyway ? configuration.flyway() : configuration).load();
        try {
            MigrationResult result = ferry.upgrade(flyway ? "heads" : "head");
            System.out.println("ran " + result.steps().size());
        } catch (FerryException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** A process builder for this main class, on the test's own class path. */
    public static ProcessBuilder process(TestDatabase db, Path migrations) {
        return process(db, migrations, false);
    }

    /** The same, reading the folder as a Flyway project when {@code flyway} is true. */
    public static ProcessBuilder process(TestDatabase db, Path migrations, boolean flyway) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), UpgradeMain.class.getName(),
                db.url(), db.user(), db.password() == null ? "-" : db.password(), migrations.toString(),
                flyway ? "flyway" : "native");
    }

    /** Starts the process with both streams merged and read line by line as they come. */
    public static Running start(TestDatabase db, Path migrations, boolean flyway) throws IOException {
        return new Running(process(db, migrations, flyway).redirectErrorStream(true).start());
    }

    /** An upgrade running in its own process; its output is collected while it runs. */
    public static final class Running {

        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> reader;

        private Running(Process process) {
            this.process = process;
            this.reader = CompletableFuture.runAsync(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        public Process process() {
            return process;
        }

        /** True once the process has printed a line starting with {@code prefix}. */
        public boolean printed(String prefix) {
            return lines.stream().anyMatch(l -> l.startsWith(prefix));
        }

        /** Waits until the process printed a line starting with {@code prefix}; fails if it ends first. */
        public void awaitPrinted(String prefix) throws Exception {
            Await.until("the upgrade process printing '" + prefix + "'", () -> {
                if (printed(prefix)) {
                    return true;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the upgrade process ended without printing '" + prefix + "': "
                            + output());
                }
                return false;
            });
        }

        /** Everything printed so far. */
        public String output() {
            return String.join("\n", lines);
        }

        /**
         * Waits for the process to end successfully and returns how many revisions it ran.
         *
         * @throws AssertionError with the output, when it fails or prints no result
         */
        public int ran() throws Exception {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the upgrade process never ended: " + output());
            }
            reader.get(1, TimeUnit.MINUTES);
            if (process.exitValue() != 0) {
                throw new AssertionError("the upgrade process exited " + process.exitValue() + ": " + output());
            }
            return lines.stream().filter(l -> l.startsWith("ran ")).findFirst()
                    .map(l -> Integer.parseInt(l.substring(4).trim()))
                    .orElseThrow(() -> new AssertionError("no result line in: " + output()));
        }
    }
}
