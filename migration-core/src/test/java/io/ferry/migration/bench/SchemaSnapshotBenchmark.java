package io.ferry.migration.bench;

import io.ferry.migration.schema.SchemaSnapshot;
import io.ferry.migration.testing.CountingConnection;
import io.ferry.migration.testing.PostgresServer;
import java.io.File;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * How long does a schema snapshot take beside {@code pg_dump --schema-only} of the same database? The
 * benchmark makes a schema of 1,000 tables (10 columns each: 10,000 columns), each with a primary key and
 * one more index (2,000 indexes), then times, alternately, {@code SchemaSnapshot.read} (connecting
 * included) and {@code pg_dump --schema-only} (a process each time, as it is used), and prints the
 * median and range of each, and how many statements a snapshot ran. Arguments: the {@code pg_dump} to
 * run (it must be of the server's major version) and the number of runs of each. Run it with
 * {@code bench/schema-snapshot.sh}.
 */
public final class SchemaSnapshotBenchmark {

    private static final String DATABASE = "bench_schema_snapshot";
    private static final int TABLES = 1000;
    private static final int COLUMNS = 10;

    private SchemaSnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String pgDump = args.length > 0 ? args[0] : "pg_dump";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (PostgresServer server = PostgresServer.start()) {
            try (Connection admin = server.connectAdmin(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + DATABASE);
            }
            String url = server.url(DATABASE);
            try (Connection c = server.connect(DATABASE); Statement s = c.createStatement()) {
                for (int t = 0; t < TABLES; t++) {
                    StringBuilder sql = new StringBuilder("CREATE TABLE t" + t + " (id bigint PRIMARY KEY");
                    for (int col = 1; col < COLUMNS; col++) {
                        sql.append(", c").append(col).append(col % 3 == 0 ? " text" : col % 3 == 1 ? " integer" : " timestamptz");
                    }
                    s.execute(sql.append(")").toString());
                    s.execute("CREATE INDEX t" + t + "_c1_idx ON t" + t + " (c1)");
                }
                try (ResultSet rs = s.executeQuery("SELECT version()")) {
                    rs.next();
                    System.out.printf("server: %s%n", rs.getString(1));
                }
            }
            SchemaSnapshot sample;
            CountingConnection counting = new CountingConnection(server.connect(DATABASE));
            try (Connection c = counting.connection()) {
                sample = SchemaSnapshot.read(c);
            }
            System.out.printf("schema: %d tables, %d columns, %d indexes (%d of them for primary keys);"
                            + " a snapshot runs %d statements%n", sample.tables().size(),
                    sample.tables().stream().mapToInt(t -> t.columns().size()).sum(),
                    sample.indexes().size() + sample.constraints().size(), sample.constraints().size(), counting.statements());
            List<String> dump = dumpCommand(pgDump, server, url);
            dump(dump); // warm-up, as the snapshot's read above was
            List<Long> snapshots = new ArrayList<>();
            List<Long> dumps = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                try (Connection c = server.connect(DATABASE)) {
                    SchemaSnapshot.read(c);
                }
                snapshots.add(System.nanoTime() - started);
                started = System.nanoTime();
                dump(dump);
                dumps.add(System.nanoTime() - started);
            }
            System.out.printf("%-32s %10s %10s %10s%n", "runs: " + runs, "median ms", "min ms", "max ms");
            print("SchemaSnapshot.read", snapshots);
            print("pg_dump --schema-only", dumps);
            System.out.printf("snapshot / pg_dump (medians): %.2f%n", (double) median(snapshots) / median(dumps));
            try (Connection admin = server.connectAdmin(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE " + DATABASE + " WITH (FORCE)");
            }
        }
    }

    private static List<String> dumpCommand(String pgDump, PostgresServer server, String url) {
        Properties props = Driver.parseURL(url, new Properties());
        List<String> command = new ArrayList<>(List.of(pgDump, "--schema-only", "--no-password", "-h",
                props.getProperty("PGHOST"), "-p", props.getProperty("PGPORT"), "-d", DATABASE, "-f", "/dev/null"));
        if (server.user() != null) {
            command.addAll(List.of("-U", server.user()));
        }
        return command;
    }

    private static void dump(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")));
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pg_dump failed: " + String.join(" ", command));
        }
    }

    private static void print(String what, List<Long> nanos) {
        System.out.printf("%-32s %10.1f %10.1f %10.1f%n", what, median(nanos) / 1e6, Collections.min(nanos) / 1e6,
                Collections.max(nanos) / 1e6);
    }

    private static long median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
