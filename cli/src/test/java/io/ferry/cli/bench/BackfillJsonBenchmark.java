package io.ferry.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.migration.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The example project's {@code variants} job ({@code json-normalize}, docs/examples/proposals) on the
 * 100,000 templates its {@code generate.sql} makes, through the launcher: the first run (half the rows
 * need a change), then a second run (none does), each as a dry run and for real. It prints each run's
 * own time (what it reports as {@code durationMs}) and wall time, rows per second over the rows walked,
 * and the dry run's time over the real run's.
 *
 * <p>Run it with {@code bench/backfill-json.sh [ROUNDS]}, which runs it once on a PostgreSQL 15 cluster
 * with the Debian build's defaults (JIT on) and once on the embedded PostgreSQL 17; this program measures
 * the server that {@code FERRY_TEST_URL} names, or the embedded one when it names none.
 */
public final class BackfillJsonBenchmark {

    private static final String[] PHASES = {"first run, dry", "first run", "second run, dry", "second run"};
    private static final long GOAL = 100_000;

    private BackfillJsonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String label = args.length > 1 ? args[1] : "server";
        Path launcher = Path.of("ferry").toAbsolutePath();
        Path example = Path.of("docs/examples/proposals");
        Path project = Files.createTempDirectory("ferry-bench-json");
        try (PostgresServer server = PostgresServer.startDurable()) {
            copy(example, project);
            try (Connection admin = server.connectAdmin(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS bench_json WITH (FORCE)");
                s.execute("CREATE DATABASE bench_json");
            }
            FerryProcess ferry = new FerryProcess(launcher, project, server, server.url("bench_json"));
            System.out.println(label + ": " + ferry.settings() + "; JIT available: " + ferry.jitAvailable());
            ferry.run("upgrade");
            // per phase: {run seconds, wall seconds, rows walked, rows changed} of each round
            List<List<double[]>> results = new ArrayList<>();
            for (int p = 0; p < PHASES.length; p++) {
                results.add(new ArrayList<>());
            }
            for (int round = 1; round <= rounds; round++) {
                ferry.run("sql", "-f", "generate.sql");
                // As a table in use would be: vacuumed, its rows' hint bits set, so the first run reads
                // no differently from the second.
                try (Connection c = ferry.connect(); Statement s = c.createStatement()) {
                    s.execute("VACUUM ANALYZE proposal_templates");
                }
                for (int p = 0; p < PHASES.length; p++) {
                    FerryProcess.Outcome outcome = p % 2 == 0
                            ? ferry.run("backfill", "run", "variants", "--dry-run", "--json")
                            : ferry.run("backfill", "run", "variants", "--json");
                    JsonNode json = outcome.json();
                    results.get(p).add(new double[] {json.get("durationMs").asLong() / 1000.0, outcome.seconds(),
                            json.get("rowsScanned").asLong(), json.get("rowsChanged").asLong()});
                }
                long changed = (long) results.get(1).get(round - 1)[3];
                long again = (long) results.get(3).get(round - 1)[3];
                if (changed != 50_000 || again != 0) {
                    throw new IllegalStateException("the variants job changed " + changed + " and then " + again
                            + " rows; expected 50000 and then 0");
                }
            }
            System.out.printf("%-18s %8s %8s %9s %9s %12s %12s%n", "phase (median of " + rounds + ")", "run s",
                    "wall s", "walked", "changed", "run rows/s", "wall rows/s");
            double[][] medians = new double[PHASES.length][];
            for (int p = 0; p < PHASES.length; p++) {
                medians[p] = median(results.get(p));
                double[] m = medians[p];
                System.out.printf("%-18s %8.3f %8.3f %,9.0f %,9.0f %,12.0f %,12.0f%n", PHASES[p], m[0], m[1], m[2],
                        m[3], m[2] / m[0], m[2] / m[1]);
            }
            System.out.printf("%s: first run %,.0f rows/s, second run %,.0f rows/s (run's own time; goal >= %,d);"
                    + " dry run / real run: %.2f and %.2f (goal <= 0.3)%n", label, medians[1][2] / medians[1][0],
                    medians[3][2] / medians[3][0], GOAL, medians[0][0] / medians[1][0], medians[2][0] / medians[3][0]);
            try (Connection admin = server.connectAdmin(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS bench_json WITH (FORCE)");
            }
        } finally {
            FerryProcess.deleteTree(project);
        }
    }

    /** The median of each column over the rounds. */
    private static double[] median(List<double[]> rounds) {
        double[] m = new double[rounds.get(0).length];
        for (int c = 0; c < m.length; c++) {
            int column = c;
            double[] values = rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
            m[c] = values[values.length / 2];
        }
        return m;
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals("demo.sh")) {
                    Files.copy(f, target);
                }
            }
        }
    }
}
