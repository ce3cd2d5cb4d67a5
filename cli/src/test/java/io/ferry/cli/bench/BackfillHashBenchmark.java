package io.ferry.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The hash backfill on a table of N rows (default 1,000,000), every row needing its hash, measured
 * three ways on a freshly generated table each time:
 * <ol>
 *   <li>{@code ferry backfill run hashes} through the launcher, default batch size (wall time, JVM
 *       start included), and before it {@code --dry-run} on the same table;</li>
 *   <li>one set-based {@code UPDATE} of the whole table: the physical limit, and what nobody can run on
 *       a busy production table, since it locks every row until it ends;</li>
 *   <li>a row-by-row JDBC loop, as a hand-written script does it: read a row, hash it in Java, update
 *       it by id, in autocommit. Capped at {@code LOOP_SECONDS}; its rate is rows per second over the
 *       rows it did.</li>
 * </ol>
 * Run it with {@code bench/backfill-hash.sh [ROWS] [ROUNDS] [BATCH_SIZE]}; the server keeps PostgreSQL's
 * durable defaults (fsync and synchronous commit on), so every commit costs what it costs in production.
 */
public final class BackfillHashBenchmark {

    private static final String HASH = "encode(sha256(convert_to(coalesce(title, '') || E'\\x1f' ||"
            + " coalesce(body, ''), 'UTF8')), 'hex')";
    private static final long LOOP_SECONDS = 30;

    private BackfillHashBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String batchSize = args.length > 2 ? args[2] : null;
        Path launcher = Path.of("ferry").toAbsolutePath();
        try (PostgresServer server = PostgresServer.startDurable()) {
            try (Connection admin = server.connectAdmin(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS bench_backfill WITH (FORCE)");
                s.execute("CREATE DATABASE bench_backfill");
            }
            String url = server.url("bench_backfill");
            Path project = Files.createTempDirectory("ferry-bench-backfill");
            Files.writeString(project.resolve("ferry.yaml"), "backfills:\n  hashes:\n    type: hash\n"
                    + "    table: templates\n    key: id\n    columns: [title, body]\n    target: content_hash\n");
            System.out.printf("hash backfill of %,d rows (every row needs its hash), %d round(s)%n", rows, rounds);
            List<double[]> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                generate(server, url, rows);
                double dry = ferry(launcher, project, server, url, rows, true, batchSize);
                double ferry = ferry(launcher, project, server, url, rows, false, batchSize);
                check(server, url);
                generate(server, url, rows);
                double single = single(server, url);
                check(server, url);
                generate(server, url, rows);
                double[] loop = loop(server, url);
                results.add(new double[] {ferry, dry, single, loop[0], loop[1]});
                System.out.printf("round %d: ferry %.2f s, dry run %.2f s, single UPDATE %.2f s, row-by-row %,.0f rows"
                        + " in %.1f s%n", round, ferry, dry, single, loop[1], loop[0]);
            }
            double ferry = median(results, 0);
            double dry = median(results, 1);
            double single = median(results, 2);
            double loopRate = results.stream().mapToDouble(r -> r[4] / r[3]).sorted().toArray()[results.size() / 2];
            double ferryRate = rows / ferry;
            double singleRate = rows / single;
            System.out.printf("%n%-42s %10s %14s%n", "method", "seconds", "rows/s");
            System.out.printf("%-42s %10.2f %,14.0f%n", "ferry backfill run hashes (default batch)", ferry, ferryRate);
            System.out.printf("%-42s %10.2f %,14.0f%n", "ferry backfill run hashes --dry-run", dry, rows / dry);
            System.out.printf("%-42s %10.2f %,14.0f%n", "one UPDATE of the whole table", single, singleRate);
            System.out.printf("%-42s %10.2f %,14.0f%n", "row-by-row JDBC loop (extrapolated)", rows / loopRate, loopRate);
            System.out.printf("%nferry / single UPDATE throughput: %.2f (goal >= 0.6)%n", ferryRate / singleRate);
            System.out.printf("ferry / row-by-row throughput:    %.1f (goal >= 20)%n", ferryRate / loopRate);
            System.out.printf("dry run / real run time:          %.2f (goal <= 0.5)%n", dry / ferry);
        }
    }

    private static double median(List<double[]> results, int column) {
        double[] values = results.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    private static Connection connect(PostgresServer server, String url) throws Exception {
        Properties p = new Properties();
        if (server.user() != null) {
            p.setProperty("user", server.user());
        }
        if (server.password() != null) {
            p.setProperty("password", server.password());
        }
        return DriverManager.getConnection(url, p);
    }

    private static void generate(PostgresServer server, String url, int rows) throws Exception {
        try (Connection c = connect(server, url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS templates, ferry_backfill_batches, ferry_backfill_runs");
            s.execute("CREATE TABLE templates (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL,"
                    + " body text, content_hash text)");
            s.execute("INSERT INTO templates (title, body) SELECT 'Template ' || i, CASE WHEN i % 10 = 0 THEN NULL ELSE"
                    + " 'Scope, budget and milestones of proposal ' || i || ', with the reviewers'' notes.' END"
                    + " FROM generate_series(1, " + rows + ") AS i");
            s.execute("VACUUM ANALYZE templates");
            s.execute("CHECKPOINT");
        }
    }

    private static void check(PostgresServer server, String url) throws Exception {
        try (Connection c = connect(server, url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM templates WHERE content_hash IS DISTINCT FROM " + HASH)) {
            rs.next();
            if (rs.getLong(1) != 0) {
                throw new IllegalStateException(rs.getLong(1) + " rows were not hashed");
            }
        }
    }

    private static double ferry(Path launcher, Path project, PostgresServer server, String url, int rows, boolean dry,
                                String batchSize) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "backfill", "run", "hashes", "--json"));
        if (batchSize != null) {
            command.addAll(List.of("--batch-size", batchSize));
        }
        if (dry) {
            command.add("--dry-run");
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("FERRY_") || k.equals("DATABASE_URL"));
        pb.environment().put("FERRY_URL", url);
        if (server.user() != null) {
            pb.environment().put("FERRY_USER", server.user());
        }
        if (server.password() != null) {
            pb.environment().put("FERRY_PASSWORD", server.password());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("ferry backfill exited " + exit + ": " + out);
        }
        JsonNode result = new ObjectMapper().readTree(out);
        if (result.get("rowsChanged").asLong() != rows) {
            throw new IllegalStateException("ferry reported " + result.get("rowsChanged") + " rows, not " + rows);
        }
        return seconds;
    }

    private static double single(PostgresServer server, String url) throws Exception {
        try (Connection c = connect(server, url); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            s.executeUpdate("UPDATE templates SET content_hash = " + HASH + " WHERE content_hash IS DISTINCT FROM " + HASH);
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Returns {seconds, rows done}. */
    private static double[] loop(PostgresServer server, String url) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long done = 0;
        long t0 = System.nanoTime();
        long deadline = t0 + LOOP_SECONDS * 1_000_000_000L;
        try (Connection read = connect(server, url); Connection write = connect(server, url);
             PreparedStatement update = write.prepareStatement("UPDATE templates SET content_hash = ? WHERE id = ?")) {
            read.setAutoCommit(false);
            try (Statement s = read.createStatement()) {
                s.setFetchSize(1000);
                try (ResultSet rs = s.executeQuery("SELECT id, title, body FROM templates ORDER BY id")) {
                    while (rs.next() && System.nanoTime() < deadline) {
                        String joined = rs.getString(2) + "\u001f" + (rs.getString(3) == null ? "" : rs.getString(3));
                        update.setString(1, HexFormat.of().formatHex(sha.digest(joined.getBytes(StandardCharsets.UTF_8))));
                        update.setLong(2, rs.getLong(1));
                        update.executeUpdate();
                        done++;
                    }
                }
            }
            read.rollback();
        }
        return new double[] {(System.nanoTime() - t0) / 1e9, done};
    }
}
