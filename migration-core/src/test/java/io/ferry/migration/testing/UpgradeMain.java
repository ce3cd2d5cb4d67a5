package io.ferry.migration.testing;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.FerryException;
import io.ferry.migration.MigrationResult;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs {@code upgrade head} in a process of its own, for tests of concurrent processes and of crashes.
 * Arguments: JDBC URL, user, password ("-" for none), migration folder, and optionally "flyway" to read
 * the folder as a Flyway project. Prints the number of revisions it ran, and exits 0 on success, 1 on a
 * Ferry error.
 */
public final class UpgradeMain {

    private UpgradeMain() {
    }

    public static void main(String[] args) {
        boolean flyway = args.length > 4 && args[4].equals("flyway");
        FerryConfiguration configuration = Ferry.configure()
                .dataSource(args[0], args[1], args[2].equals("-") ? null : args[2])
                .locations(Path.of(args[3]))
                .lockWait(Duration.ofSeconds(120));
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
}
