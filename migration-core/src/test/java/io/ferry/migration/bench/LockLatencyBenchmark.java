package io.ferry.migration.bench;

import io.ferry.migration.Ferry;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.api.Durations;
import io.ferry.migration.exec.ExecutionSettings;
import io.ferry.migration.exec.LockRetries;
import io.ferry.migration.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long do the application's reads of a table wait while a migration waits for a lock on it behind
 * a long transaction? For each {@code lock_timeout} (0 = off, what most tools do), a transaction holds
 * ACCESS SHARE on {@code t} for a while, a migration runs {@code ALTER TABLE t ADD COLUMN}, and a
 * reader runs {@code SELECT count(*) FROM t} in a loop; the benchmark prints the reader's latency
 * percentiles, the migration's attempts, and how long after the long transaction ended the migration
 * was done. Every other setting is Ferry's default (lock-retry budget, backoff, no retry cap), and the
 * embedded server keeps PostgreSQL's durable defaults. Run it with {@code bench/lock-latency.sh}.
 */
public final class LockLatencyBenchmark {

    private LockLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration hold = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        long[] timeoutsMs = {0, 500, 1000, 3000};
        LockRetries retries = ExecutionSettings.defaults().lockRetries();
        try (PostgresServer server = PostgresServer.startDurable()) {
            try (Connection admin = server.connectAdmin(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS bench_lock_latency WITH (FORCE)");
                s.execute("CREATE DATABASE bench_lock_latency");
            }
            String url = server.url("bench_lock_latency");
            execute(server, url, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t SELECT generate_series(1, 10000)");
            System.out.printf("server: %s%n", settings(server, url));
            System.out.printf("long transaction holds ACCESS SHARE for %s; reader: SELECT count(*) FROM t in a loop%n",
                    Durations.format(hold));
            System.out.printf("Ferry's defaults otherwise: lock-retry-for %s, retries %s, backoff %s doubling up to %s,"
                    + " jittered%n", Durations.format(retries.budget()), retries.maxRetries().isPresent()
                    ? retries.maxRetries().getAsInt() : "no cap", Durations.format(retries.backoffBase()),
                    Durations.format(retries.backoffMax()));
            System.out.printf("%-13s %8s %9s %9s %9s %9s %13s %9s %18s%n", "lock_timeout", "reads", "p50 ms", "p99 ms",
                    "max ms", "mean ms", "migration s", "attempts", "done after end ms");
            int n = 0;
            for (long timeoutMs : timeoutsMs) {
                n++;
                Path dir = Files.createTempDirectory("ferry-bench");
                Files.writeString(dir.resolve("r.sql"), "-- ferry:revision r" + n + "\n-- ferry:revises base\n"
                        + "-- ferry:up\nALTER TABLE t ADD COLUMN c" + n + " int;\n");
                Ferry ferry = Ferry.configure().dataSource(url, server.user(), server.password()).locations(dir)
                        .schema("bench_" + n).lockTimeout(Duration.ofMillis(timeoutMs)).load();
                run(server, url, ferry, hold, timeoutMs);
            }
        }
    }

    /** The server's version and durability settings, as the rows' label. */
    private static String settings(PostgresServer server, String url) throws Exception {
        try (Connection c = connect(server, url); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('server_version'),"
                     + " current_setting('fsync'), current_setting('synchronous_commit'),"
                     + " current_setting('full_page_writes')")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + ", fsync " + rs.getString(2) + ", synchronous_commit "
                    + rs.getString(3) + ", full_page_writes " + rs.getString(4);
        }
    }

    private static void run(PostgresServer server, String url, Ferry ferry, Duration hold, long timeoutMs)
            throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        try (Connection longTx = connect(server, url); Statement s = longTx.createStatement();
             Connection app = connect(server, url); Statement read = app.createStatement()) {
            longTx.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM t").close();
            AtomicLong ended = new AtomicLong();
            scheduler.schedule(() -> {
                longTx.commit();
                ended.set(System.nanoTime());
                return null;
            }, hold.toMillis(), TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            AtomicLong done = new AtomicLong();
            CompletableFuture<MigrationResult> migration = CompletableFuture.supplyAsync(() -> {
                MigrationResult result = ferry.upgrade("head");
                done.set(System.nanoTime());
                return result;
            });
            List<Long> latencies = new ArrayList<>();
            while (!migration.isDone()) {
                long t0 = System.nanoTime();
                read.executeQuery("SELECT count(*) FROM t").close();
                latencies.add(System.nanoTime() - t0);
            }
            MigrationResult result = migration.get();
            double seconds = (done.get() - start) / 1e9;
            Collections.sort(latencies);
            System.out.printf("%-13s %8d %9.1f %9.1f %9.1f %9.1f %13.1f %9d %18.0f%n",
                    timeoutMs == 0 ? "off" : timeoutMs + "ms", latencies.size(), ms(percentile(latencies, 50)),
                    ms(percentile(latencies, 99)), ms(latencies.get(latencies.size() - 1)),
                    ms((long) latencies.stream().mapToLong(Long::longValue).average().orElse(0)), seconds,
                    result.steps().get(0).attempts(), ms(done.get() - ended.get()));
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static Connection connect(PostgresServer server, String url) throws Exception {
        Properties props = new Properties();
        if (server.user() != null) {
            props.setProperty("user", server.user());
        }
        if (server.password() != null) {
            props.setProperty("password", server.password());
        }
        return DriverManager.getConnection(url, props);
    }

    private static void execute(PostgresServer server, String url, String... sql) throws Exception {
        try (Connection c = connect(server, url); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }
}
