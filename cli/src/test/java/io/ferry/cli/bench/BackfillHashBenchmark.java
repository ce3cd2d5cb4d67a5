package io.ferry.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.migration.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash backfill on tables of each size given (default 1,000,000 and 10,000,000 rows), every row
 * needing its hash, measured three ways on a freshly generated table each time:
 * <ol>
 *   <li>{@code ferry backfill run hashes} through the launcher, default batch size: its wall time (JVM
 *       start included) and the run's own time (what it reports as {@code durationMs}), and before it
 *       {@code --dry-run} on the same table;</li>
 *   <li>one set-based {@code UPDATE} of the whole table: the floor, and what nobody can run on a busy
 *       production table, since it locks every row until it ends;</li>
 *   <li>at the first size only, a row-by-row JDBC loop, as a hand-written script does it: read a row,
 *       hash it in Java, update it by id, in autocommit. Capped at {@code LOOP_SECONDS}; its rate is
 *       rows per second over the rows it did.</li>
 * </ol>
 * Run it with {@code bench/backfill-hash.sh [ROWS[,ROWS...]] [ROUNDS] [BATCH_SIZE]}; the server keeps
 * PostgreSQL's durable defaults (fsync and synchronous commit on). Each size's table is dropped before the
 * next size is generated.
 */
public final class BackfillHashBenchmark {

    private static final String HASH = "encode(sha256(convert_to(coalesce(title, '') || E'\\x1f' ||"
            + " coalesce(body, ''), 'UTF8')), 'hex')";
    private static final long LOOP_SECONDS = 30;

    private BackfillHashBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000000,10000000").split(","))
                .mapToLong(s -> Long.parseLong(s.trim().replace("_", ""))).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String batchSize = args.length > 2 ? args[2] : null;
        Path launcher = Path.of("ferry").toAbsolutePath();
        Path project = Files.createTempDirectory("ferry-bench-backfill");
        try (PostgresServer server = PostgresServer.startDurable()) {
            try (Connection admin = server.connectAdmin(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS bench_backfill WITH (FORCE)");
                s.execute("CREATE DATABASE bench_backfill");
            }
            Files.writeString(project.resolve("ferry.yaml"), "backfills:\n  hashes:\n    type: hash\n"
                    + "    table: templates\n    key: id\n    columns: [title, body]\n    target: content_hash\n");
            FerryProcess ferry = new FerryProcess(launcher, project, server, server.url("bench_backfill"));
            System.out.println("server: " + ferry.settings());
            System.out.printf("hash backfill, every row needing its hash; sizes %s, %d round(s) each, batch size %s%n",
                    Arrays.toString(sizes), rounds, batchSize == null ? "default" : batchSize);
            List<String> summary = new ArrayList<>();
            double loopRate = 0;
            double firstRate = 0;
            for (int i = 0; i < sizes.length; i++) {
                long rows = sizes[i];
                List<double[]> results = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    generate(ferry, rows);
                    double dry = backfill(ferry, rows, true, batchSize)[0];
                    double[] real = backfill(ferry, rows, false, batchSize);
                    check(ferry);
                    generate(ferry, rows);
                    double single = single(ferry);
                    check(ferry);
                    results.add(new double[] {real[0], real[1], dry, single});
                    System.out.printf("%,d rows, round %d: ferry %.2f s (run %.2f s), dry run %.2f s, single UPDATE"
                            + " %.2f s%n", rows, round, real[0], real[1], dry, single);
                }
                if (i == 0) {
                    generate(ferry, rows);
                    double[] loop = loop(ferry);
                    loopRate = loop[1] / loop[0];
                    System.out.printf("%,d rows: row-by-row loop %,.0f rows in %.1f s%n", rows, loop[1], loop[0]);
                }
                drop(ferry);
                double wall = median(results, 0);
                if (i == 0) {
                    firstRate = rows / wall;
                }
                double run = median(results, 1);
                double dry = median(results, 2);
                double single = median(results, 3);
                summary.add(String.format("%,12d %10.2f %10.2f %10.2f %,12.0f %,12.0f %,12.0f %7.2f %7.2f %7.2f", rows,
                        wall, run, single, rows / wall, rows / run, rows / single, single / wall, single / run,
                        dry / wall));
            }
            System.out.printf("%n%12s %10s %10s %10s %12s %12s %12s %7s %7s %7s%n", "rows", "ferry s", "run s",
                    "UPDATE s", "ferry r/s", "run r/s", "UPDATE r/s", "f/U", "run/U", "dry/f");
            summary.forEach(System.out::println);
            System.out.println("ferry: wall time of `ferry backfill run hashes` (JVM start included); run: the run's own"
                    + " time (durationMs); f/U and run/U: their throughput over the single UPDATE's (goal >= 0.85);"
                    + " dry/f: the dry run's wall time over the real run's");
            System.out.printf("row-by-row loop at %,d rows: %,.0f rows/s; ferry (wall) is %.1f times faster%n", sizes[0],
                    loopRate, firstRate / loopRate);
            try (Connection admin = server.connectAdmin(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS bench_backfill WITH (FORCE)");
            }
        } finally {
            FerryProcess.deleteTree(project);
        }
    }

    private static double median(List<double[]> results, int column) {
        double[] values = results.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    private static void generate(FerryProcess ferry, long rows) throws Exception {
        drop(ferry);
        try (Connection c = ferry.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE templates (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL,"
                    + " body text, content_hash text)");
            s.execute("INSERT INTO templates (title, body) SELECT 'Template ' || i, CASE WHEN i % 10 = 0 THEN NULL ELSE"
                    + " 'Scope, budget and milestones of proposal ' || i || ', with the reviewers'' notes.' END"
                    + " FROM generate_series(1, " + rows + ") AS i");
            s.execute("VACUUM ANALYZE templates");
            s.execute("CHECKPOINT");
        }
    }

    private static void drop(FerryProcess ferry) throws Exception {
        try (Connection c = ferry.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS templates, ferry_backfill_batches, ferry_backfill_runs");
        }
    }

    private static void check(FerryProcess ferry) throws Exception {
        try (Connection c = ferry.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM templates WHERE content_hash IS DISTINCT FROM " + HASH)) {
            rs.next();
            if (rs.getLong(1) != 0) {
                throw new IllegalStateException(rs.getLong(1) + " rows were not hashed");
            }
        }
    }

    /** Returns {wall seconds, the run's own seconds}. */
    private static double[] backfill(FerryProcess ferry, long rows, boolean dry, String batchSize) throws Exception {
        List<String> args = new ArrayList<>(List.of("backfill", "run", "hashes", "--json"));
        if (batchSize != null) {
            args.addAll(List.of("--batch-size", batchSize));
        }
        if (dry) {
            args.add("--dry-run");
        }
        FerryProcess.Outcome outcome = ferry.run(args.toArray(String[]::new));
        JsonNode result = outcome.json();
        if (result.get("rowsChanged").asLong() != rows) {
            throw new IllegalStateException("ferry reported " + result.get("rowsChanged") + " rows, not " + rows);
        }
        return new double[] {outcome.seconds(), result.get("durationMs").asLong() / 1000.0};
    }

    private static double single(FerryProcess ferry) throws Exception {
        try (Connection c = ferry.connect(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            s.executeUpdate("UPDATE templates SET content_hash = " + HASH + " WHERE content_hash IS DISTINCT FROM " + HASH);
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Returns {seconds, rows done}. */
    private static double[] loop(FerryProcess ferry) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long done = 0;
        long t0 = System.nanoTime();
        long deadline = t0 + LOOP_SECONDS * 1_000_000_000L;
        try (Connection read = ferry.connect(); Connection write = ferry.connect();
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
