package io.ferry.migration.bench;

import io.ferry.migration.testing.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Ferry's {@code upgrade head} of N small revisions (one table and one row each) against its floor:
 * {@link MigrateFloor}, a bare JDBC loop that sends the same statements, each revision in its own
 * transaction with its history row. Both run as cold processes, taking turns to go first in a round, each on
 * a fresh database
 * of a server with PostgreSQL's durable settings (fsync, synchronous_commit and full_page_writes on),
 * so that every commit waits for its WAL flush as in production.
 *
 * <p>The floor's JVM gets the same options as the {@code ferry} launcher (C1 only, the serial
 * collector) and nothing on its class path but its own class and the PostgreSQL driver. Besides the
 * two wall times, the floor prints its loop's own time, which tells the JVM's start from the work.
 *
 * <p>Run it with {@code bench/migrate-floor.sh [N] [ROUNDS]}.
 */
public final class MigrateFloorBenchmark {

    static final String HISTORY_DDL = "CREATE TABLE floor_history (id bigint GENERATED ALWAYS AS IDENTITY"
            + " PRIMARY KEY, revision varchar(32) NOT NULL, action varchar(16) NOT NULL, checksum varchar(128),"
            + " db_user text NOT NULL DEFAULT current_user, os_user text, started_at timestamptz NOT NULL,"
            + " duration_ms bigint NOT NULL, success boolean NOT NULL, error text, statements_done integer,"
            + " statements_total integer, ferry_release text, statements_hash text, data_loss jsonb)";
    static final String VERSION_DDL = "CREATE TABLE floor_version (version_num varchar(32) PRIMARY KEY);"
            + " INSERT INTO floor_version VALUES ('base')";

    private MigrateFloorBenchmark() {
    }

    /** The id of revision {@code i}: 12 hex digits, as {@code ferry revision} makes them. */
    static String revision(int i) {
        return String.format("%012x", 0xbe0000000000L + i);
    }

    /** The statements of revision {@code i}'s up section. */
    static List<String> statements(int i) {
        return List.of("CREATE TABLE t" + i + " (id integer PRIMARY KEY, label text NOT NULL)",
                "INSERT INTO t" + i + " (id, label) VALUES (1, 'row of revision " + i + "')");
    }

    /** Writes N native revision files, a linear chain, into {@code dir}. */
    static void writeProject(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        for (int i = 1; i <= n; i++) {
            StringBuilder file = new StringBuilder()
                    .append("-- ferry:revision ").append(revision(i)).append('\n')
                    .append("-- ferry:revises ").append(i == 1 ? "base" : revision(i - 1)).append('\n')
                    .append("-- ferry:message table ").append(i).append("\n\n-- ferry:up\n");
            for (String sql : statements(i)) {
                file.append(sql).append(";\n");
            }
            file.append("\n-- ferry:down\nDROP TABLE t").append(i).append(";\n");
            Files.writeString(dir.resolve(String.format("%05d_%s_table_%d.sql", i, revision(i), i)), file,
                    StandardCharsets.UTF_8);
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // Another build's launcher may be measured instead (say, an earlier commit's): -Dferry.launcher=PATH;
        // and one more beside it, in the same rounds: -Dferry.compare=PATH.
        List<Path> launchers = new ArrayList<>(List.of(Path.of(System.getProperty("ferry.launcher", "ferry"))
                .toAbsolutePath()));
        if (!System.getProperty("ferry.compare", "").isEmpty()) {
            launchers.add(Path.of(System.getProperty("ferry.compare")).toAbsolutePath());
        }
        String classPath = System.getProperty("floor.classpath");
        Path project = Files.createTempDirectory("ferry-bench-floor");
        try (PostgresServer server = PostgresServer.startDurable()) {
            writeProject(project.resolve("migrations"), n);
            printSettings(server);
            System.out.printf("%,d revisions (one table and one row each), %d round(s), taking turns; ferry is %s%n",
                    n, rounds, launchers.stream().map(Path::toString).collect(Collectors.joining(", then ")));
            // Every run gets a database of its own, all made before the first run and dropped after the last:
            // this machine's disk is mounted with discard, and dropping a database of a thousand tables keeps
            // it busy long after DROP DATABASE returns, slowing whatever runs next.
            for (int round = 0; round < rounds; round++) {
                fresh(server, database("floor", round));
                fresh(server, database("ferry", round));
                if (launchers.size() > 1) {
                    fresh(server, database("compared", round));
                }
            }
            double[] floorWall = new double[rounds];
            double[] floorLoop = new double[rounds];
            double[][] ferryWall = new double[launchers.size()][rounds];
            double[][] ferryRun = new double[launchers.size()][rounds];
            double[][] ferryStatements = new double[launchers.size()][rounds];
            for (int round = 0; round < rounds; round++) {
                StringBuilder line = new StringBuilder(String.format("round %d:", round + 1));
                // The floor and each build take turns going first: a run right after another one is slower on
                // this machine (the disk is still busy with the run before), whatever runs.
                int contestants = launchers.size() + 1;
                for (int turn = 0; turn < contestants; turn++) {
                    int who = (turn + round) % contestants;
                    line.append(turn == 0 ? " " : ", ");
                    if (who == 0) {
                        String url = settled(server, database("floor", round));
                        List<String> floor = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1",
                                "-XX:+UseSerialGC", "-cp", classPath, MigrateFloor.class.getName(), url,
                                nullToEmpty(server.user()), nullToEmpty(server.password()), Integer.toString(n)));
                        long t0 = System.nanoTime();
                        String out = run(floor, project, server, url);
                        floorWall[round] = (System.nanoTime() - t0) / 1e6;
                        floorLoop[round] = Double.parseDouble(out.trim());
                        check(server, database("floor", round), n);
                        line.append(String.format("floor %.0f ms (its loop %.0f ms)", floorWall[round],
                                floorLoop[round]));
                        continue;
                    }
                    int l = who - 1;
                    String database = database(l == 0 ? "ferry" : "compared", round);
                    String url = settled(server, database);
                    long t0 = System.nanoTime();
                    String json = run(List.of(launchers.get(l).toString(), "upgrade", "head", "--json"), project,
                            server, url);
                    ferryWall[l][round] = (System.nanoTime() - t0) / 1e6;
                    check(server, database, n);
                    // Ferry's own account: each revision's statements, and the whole run (lock to end).
                    List<Long> durations = durations(json);
                    ferryRun[l][round] = durations.get(durations.size() - 1);
                    ferryStatements[l][round] = durations.subList(0, durations.size() - 1).stream()
                            .mapToLong(Long::longValue).sum();
                    line.append(String.format("%sferry upgrade head %.0f ms (its run %.0f ms)",
                            l == 0 ? "" : "compared: ", ferryWall[l][round], ferryRun[l][round]));
                }
                System.out.println(line);
            }
            double floor = median(floorWall);
            double loop = median(floorLoop);
            System.out.printf("%nmedians of %d rounds:%n", rounds);
            System.out.printf("  floor, cold process (JDBC loop)   %8.0f ms  (%.2f ms per revision)%n", floor, floor / n);
            System.out.printf("    of which the loop itself        %8.0f ms%n", loop);
            for (int l = 0; l < launchers.size(); l++) {
                double ferry = median(ferryWall[l]);
                if (l > 0) {
                    System.out.printf("  compared: %s%n", launchers.get(l));
                }
                System.out.printf("  ferry upgrade head, cold process  %8.0f ms  (%.2f ms per revision)%n", ferry,
                        ferry / n);
                System.out.printf("    start-up: JVM, reading the files, lint, connecting  %6.0f ms%n",
                        ferry - median(ferryRun[l]));
                System.out.printf("    the run: the revisions' statements                %6.0f ms%n",
                        median(ferryStatements[l]));
                System.out.printf("    the run: lock, checks, history rows and commits   %6.0f ms%n",
                        median(ferryRun[l]) - median(ferryStatements[l]));
                System.out.printf("  ferry / floor                     %8.2f   (goal: at most 1.3)%n", ferry / floor);
            }
            if (launchers.size() > 1) {
                System.out.println("(compare the builds' wall and run times: where a build times the history row with"
                        + " the revision's statements, its two parts of the run split differently)");
            }
            for (int round = 0; round < rounds; round++) {
                for (String who : List.of("floor", "ferry", "compared")) {
                    drop(server, database(who, round));
                }
            }
        } finally {
            deleteTree(project);
        }
    }

    private static String database(String who, int round) {
        return "bench_" + who + "_" + (round + 1);
    }

    private static void printSettings(PostgresServer server) throws Exception {
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('fsync'),"
                     + " current_setting('synchronous_commit'), current_setting('full_page_writes')")) {
            rs.next();
            System.out.printf("PostgreSQL %s: fsync %s, synchronous_commit %s, full_page_writes %s; java %s%n",
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    System.getProperty("java.version"));
        }
    }

    private static void fresh(PostgresServer server, String database) throws Exception {
        drop(server, database);
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    private static void drop(PostgresServer server, String database) throws Exception {
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** The URL of {@code database}, after a checkpoint and a sync: the runs before leave nothing to write. */
    private static String settled(PostgresServer server, String database) throws Exception {
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        return server.url(database);
    }

    /** Checks that the run applied all N revisions: N tables of one row each, N history rows. */
    private static void check(PostgresServer server, String database, int n) throws Exception {
        try (Connection c = server.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname ~ '^t[0-9]+$'")) {
            rs.next();
            if (rs.getInt(1) != n) {
                throw new IllegalStateException(database + " has " + rs.getInt(1) + " tables, not " + n);
            }
        }
    }

    private static String run(List<String> command, Path project, PostgresServer server, String url)
            throws IOException, InterruptedException {
        // Ferry's progress and lint lines go to stderr; --json puts an error on stdout, which a failure shows.
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("FERRY_") || k.equals("DATABASE_URL"));
        pb.environment().put("FERRY_URL", url);
        pb.environment().put("FERRY_USER", nullToEmpty(server.user()));
        pb.environment().put("FERRY_PASSWORD", nullToEmpty(server.password()));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Every {@code "durationMs"} of {@code ferry upgrade --json}'s output: each revision's, then the run's. */
    private static List<Long> durations(String json) {
        List<Long> values = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"durationMs\":(\\d+)").matcher(json);
        while (m.find()) {
            values.add(Long.parseLong(m.group(1)));
        }
        return values;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
