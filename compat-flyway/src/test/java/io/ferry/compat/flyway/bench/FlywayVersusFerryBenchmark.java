package io.ferry.compat.flyway.bench;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Applies the same N small versioned migrations with Flyway 13 and with Ferry, each on a fresh database,
 * alternating over several rounds, and prints the median wall times and their ratio; then times
 * {@code info} on a database with N applied, and breaks Ferry's down into its pieces. Run it with {@code bench/flyway-vs-ferry.sh [N] [ROUNDS]}. It uses
 * the server {@code FERRY_TEST_URL} names, or else an embedded PostgreSQL with PostgreSQL's durable defaults.
 */
public final class FlywayVersusFerryBenchmark {

    /** Rounds of info, alternating Flyway and Ferry: each is short, so more of them steady the medians. */
    private static final int INFO_ROUNDS = 21;

    private FlywayVersusFerryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("ferry-bench-migrations");
        for (int i = 1; i <= n; i++) {
            Files.writeString(dir.resolve("V" + i + "__step_" + i + ".sql"),
                    "CREATE TABLE step_" + i + " (id int PRIMARY KEY, note text);\nINSERT INTO step_" + i
                            + " VALUES (1, 'migration " + i + "');\n");
        }
        // Durable like production (fsync, synchronous_commit and full_page_writes on): a commit's cost counts.
        try (PostgresServer server = PostgresServer.startDurable()) {
            List<Long> flywayMigrate = new ArrayList<>();
            List<Long> ferryMigrate = new ArrayList<>();
            String flywayDb = null;
            String ferryDb = null;
            for (int round = 0; round < rounds; round++) {
                flywayDb = fresh(server, "bench_flyway_" + round);
                ferryDb = fresh(server, "bench_ferry_" + round);
                long t0 = System.nanoTime();
                flyway(server, flywayDb, dir).migrate();
                flywayMigrate.add(System.nanoTime() - t0);
                t0 = System.nanoTime();
                ferry(server, ferryDb, dir).upgrade("heads");
                ferryMigrate.add(System.nanoTime() - t0);
            }
            List<Long> flywayInfo = new ArrayList<>();
            List<Long> ferryInfo = new ArrayList<>();
            for (int round = 0; round < Math.max(rounds, INFO_ROUNDS); round++) {
                long t0 = System.nanoTime();
                flyway(server, flywayDb, dir).info().all();
                flywayInfo.add(System.nanoTime() - t0);
                t0 = System.nanoTime();
                ferry(server, ferryDb, dir).flyway().info();
                ferryInfo.add(System.nanoTime() - t0);
            }
            report("migrate " + n + " migrations", flywayMigrate, ferryMigrate);
            report("info with " + n + " applied", flywayInfo, ferryInfo);
            System.out.println("where Ferry's info spends its time (each piece alone, median of " + INFO_ROUNDS
                    + " in this JVM):");
            new InfoBreakdown(dir, FerryConfiguration.simpleDataSource(server.url(ferryDb), server.user(),
                    server.password()), INFO_ROUNDS).measure()
                    .forEach((what, ms) -> System.out.printf("  %-46s %6.1f ms%n", what, ms));
        }
    }

    private static void report(String what, List<Long> flyway, List<Long> ferry) {
        double f = median(flyway) / 1e6;
        double r = median(ferry) / 1e6;
        System.out.printf("%-28s Flyway %8.0f ms   Ferry %8.0f ms   Ferry/Flyway %.2f   (medians of %d)%n", what, f, r,
                r / f, flyway.size());
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String fresh(PostgresServer server, String name) throws Exception {
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    private static Flyway flyway(PostgresServer server, String db, Path dir) {
        FluentConfiguration conf = Flyway.configure().dataSource(server.url(db), server.user(), server.password())
                .locations("filesystem:" + dir);
        conf.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return conf.load();
    }

    private static Ferry ferry(PostgresServer server, String db, Path dir) {
        return Ferry.configure().dataSource(server.url(db), server.user(), server.password()).locations(dir).flyway()
                .load();
    }
}
