package io.ferry.migration.bench;

import io.ferry.migration.schema.SchemaScope;
import io.ferry.migration.schema.SchemaSnapshot;
import io.ferry.migration.testing.CountingConnection;
import io.ferry.migration.testing.PostgresServer;
import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * How long does {@code ferry schema dump --json} take beside {@code pg_dump --schema-only} of the same
 * database, as the issue measures it: each command, a process each time, on a database of 1,000 tables
 * (10 columns each: 10,000 columns; a primary key and one more index each: 2,000 indexes) and on an empty
 * database, and each command's own time is its median on the large database minus its median on the
 * empty one, so that starting the process (the JVM, for Ferry) and connecting are not counted. The four
 * commands run in turn, round after round, so that the machine's noise falls on all of them alike. It
 * prints each median and range, the subtracted figures and their ratio (the difference of the medians,
 * and the median of each round's difference), and how many statements a snapshot runs. Arguments: the {@code ferry} launcher, the {@code pg_dump} to run (it must be of the
 * server's major version) and the number of rounds. Run it with {@code bench/schema-snapshot.sh}.
 */
public final class SchemaSnapshotBenchmark {

    private static final String LARGE = "bench_schema_large";
    private static final String EMPTY = "bench_schema_empty";
    private static final int TABLES = 1000;
    private static final int COLUMNS = 10;

    private SchemaSnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String ferry = args[0];
        String pgDump = args[1];
        int runs = Integer.parseInt(args[2]);
        try (PostgresServer server = PostgresServer.start()) {
            try (Connection admin = server.connectAdmin(); Statement s = admin.createStatement()) {
                for (String database : List.of(LARGE, EMPTY)) {
                    s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                    s.execute("CREATE DATABASE " + database);
                }
            }
            Path workDir = Files.createTempDirectory("ferry-bench-schema");
            try {
                createSchema(server);
                countStatements(server);
                Map<String, List<String>> commands = new LinkedHashMap<>();
                commands.put("ferry schema dump, large", ferryCommand(ferry, server, LARGE));
                commands.put("ferry schema dump, empty", ferryCommand(ferry, server, EMPTY));
                commands.put("pg_dump --schema-only, large", dumpCommand(pgDump, server, LARGE));
                commands.put("pg_dump --schema-only, empty", dumpCommand(pgDump, server, EMPTY));
                Map<String, List<Long>> times = new LinkedHashMap<>();
                commands.forEach((label, command) -> times.put(label, new ArrayList<>()));
                for (List<String> command : commands.values()) {
                    run(command, workDir, server); // warm-up: the server's caches, the files the JVM maps
                }
                for (int i = 0; i < runs; i++) {
                    for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                        long started = System.nanoTime();
                        run(command.getValue(), workDir, server);
                        times.get(command.getKey()).add(System.nanoTime() - started);
                    }
                }
                System.out.printf("%-32s %10s %10s %10s%n", "rounds: " + runs, "median ms", "min ms", "max ms");
                times.forEach(SchemaSnapshotBenchmark::print);
                List<Long> ferryLarge = times.get("ferry schema dump, large");
                List<Long> ferryEmpty = times.get("ferry schema dump, empty");
                List<Long> dumpLarge = times.get("pg_dump --schema-only, large");
                List<Long> dumpEmpty = times.get("pg_dump --schema-only, empty");
                double ferryOwn = (median(ferryLarge) - median(ferryEmpty)) / 1e6;
                double dumpOwn = (median(dumpLarge) - median(dumpEmpty)) / 1e6;
                System.out.printf("own time (median on large minus median on empty): ferry schema dump %.1f ms,"
                        + " pg_dump --schema-only %.1f ms; ferry / pg_dump: %.2f (goal: at most 0.50)%n",
                        ferryOwn, dumpOwn, ferryOwn / dumpOwn);
                // Within a round the two runs of a command are seconds apart, so the machine's load, which
                // drifts, falls on both alike: the median of the rounds' differences is the steadier figure.
                double ferryPaired = median(differences(ferryLarge, ferryEmpty)) / 1e6;
                double dumpPaired = median(differences(dumpLarge, dumpEmpty)) / 1e6;
                System.out.printf("own time (median of each round's large minus empty): ferry schema dump %.1f ms,"
                        + " pg_dump --schema-only %.1f ms; ferry / pg_dump: %.2f (goal: at most 0.50)%n",
                        ferryPaired, dumpPaired, ferryPaired / dumpPaired);
            } finally {
                try (var files = Files.walk(workDir)) {
                    files.sorted(Collections.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
                try (Connection admin = server.connectAdmin(); Statement s = admin.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + LARGE + " WITH (FORCE)");
                    s.execute("DROP DATABASE IF EXISTS " + EMPTY + " WITH (FORCE)");
                }
            }
        }
    }

    private static void createSchema(PostgresServer server) throws Exception {
        try (Connection c = server.connect(LARGE); Statement s = c.createStatement()) {
            for (int t = 0; t < TABLES; t++) {
                StringBuilder sql = new StringBuilder("CREATE TABLE t" + t + " (id bigint PRIMARY KEY");
                for (int col = 1; col < COLUMNS; col++) {
                    sql.append(", c").append(col).append(col % 3 == 0 ? " text" : col % 3 == 1 ? " integer" : " timestamptz");
                }
                s.execute(sql.append(")").toString());
                s.execute("CREATE INDEX t" + t + "_c1_idx ON t" + t + " (c1)");
            }
            s.execute("ANALYZE");
            try (ResultSet rs = s.executeQuery("SELECT version()")) {
                rs.next();
                System.out.printf("server: %s%n", rs.getString(1));
            }
        }
    }

    /**
     * Reads the large schema once, as the command does (from a data source: on two sessions), through
     * connections that count statements, and prints its size and the statements of both sessions.
     */
    private static void countStatements(PostgresServer server) throws Exception {
        List<CountingConnection> opened = Collections.synchronizedList(new ArrayList<>());
        DataSource counting = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    CountingConnection c = new CountingConnection(server.connect(LARGE));
                    opened.add(c);
                    return c.connection();
                });
        SchemaSnapshot sample = SchemaSnapshot.read(counting, SchemaScope.allSchemas());
        int statements;
        synchronized (opened) {
            statements = opened.stream().mapToInt(CountingConnection::statements).sum();
        }
        System.out.printf("schema: %d tables, %d columns, %d indexes (%d of them for primary keys);"
                        + " a snapshot runs %d statements on %d sessions%n", sample.tables().size(),
                sample.tables().stream().mapToInt(t -> t.columns().size()).sum(),
                sample.indexes().size() + sample.constraints().size(), sample.constraints().size(), statements,
                opened.size());
    }

    private static List<String> ferryCommand(String ferry, PostgresServer server, String database) {
        List<String> command = new ArrayList<>(List.of(ferry, "schema", "dump", "--json", "--url", server.url(database)));
        if (server.user() != null) {
            command.addAll(List.of("--user", server.user()));
        }
        return command;
    }

    private static List<String> dumpCommand(String pgDump, PostgresServer server, String database) {
        String url = server.url(database);
        String hostPort = url.substring("jdbc:postgresql://".length(), url.lastIndexOf('/'));
        int colon = hostPort.lastIndexOf(':');
        List<String> command = new ArrayList<>(List.of(pgDump, "--schema-only", "--no-password", "-h",
                hostPort.substring(0, colon), "-p", hostPort.substring(colon + 1), "-d", database, "-f", "/dev/null"));
        if (server.user() != null) {
            command.addAll(List.of("-U", server.user()));
        }
        return command;
    }

    /** Runs one command in an empty folder (no ferry.yaml), its output thrown away, and waits for it. */
    private static void run(List<String> command, Path workDir, PostgresServer server) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.to(workDir.resolve("stderr").toFile()));
        Map<String, String> env = pb.environment();
        List.of("FERRY_URL", "DATABASE_URL", "FERRY_DIR", "FERRY_CONFIG").forEach(env::remove);
        if (server.password() != null) {
            env.put("PGPASSWORD", server.password());
            env.put("FERRY_PASSWORD", server.password());
        }
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed (exit " + p.exitValue() + "): " + String.join(" ", command) + "\n"
                    + Files.readString(workDir.resolve("stderr")));
        }
    }

    private static void print(String what, List<Long> nanos) {
        System.out.printf("%-32s %10.1f %10.1f %10.1f%n", what, median(nanos) / 1e6, Collections.min(nanos) / 1e6,
                Collections.max(nanos) / 1e6);
    }

    private static List<Long> differences(List<Long> large, List<Long> empty) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < large.size(); i++) {
            out.add(large.get(i) - empty.get(i));
        }
        return out;
    }

    private static long median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
