package io.ferry.migration.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * The floor of {@link MigrateFloorBenchmark}: the least a program must send to apply N small revisions,
 * with no migration tool around it. One connection; per revision one transaction holding its two
 * statements, its history row and the move of the version row, then a commit. Nothing is read from
 * disk, checked, locked or planned. It prints the milliseconds its loop took (connecting included) on
 * stdout, so that the benchmark can tell the loop from the JVM's start.
 *
 * <p>Arguments: URL USER PASSWORD N. The history and version tables have the shape of Ferry's, so that
 * each row costs what Ferry's costs.
 */
public final class MigrateFloor {

    private MigrateFloor() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        int n = Integer.parseInt(args[3]);
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
             Statement s = c.createStatement()) {
            s.execute(MigrateFloorBenchmark.HISTORY_DDL);
            s.execute(MigrateFloorBenchmark.VERSION_DDL);
            c.setAutoCommit(false);
            try (PreparedStatement history = c.prepareStatement("INSERT INTO floor_history (revision, action,"
                    + " checksum, started_at, duration_ms, success) VALUES (?, 'upgrade', ?, ?, ?, true)");
                 PreparedStatement version = c.prepareStatement("UPDATE floor_version SET version_num = ?")) {
                for (int i = 1; i <= n; i++) {
                    long t0 = System.nanoTime();
                    Timestamp at = new Timestamp(System.currentTimeMillis());
                    for (String sql : MigrateFloorBenchmark.statements(i)) {
                        s.execute(sql);
                    }
                    history.setString(1, MigrateFloorBenchmark.revision(i));
                    history.setString(2, "");
                    history.setTimestamp(3, at);
                    history.setLong(4, (System.nanoTime() - t0) / 1_000_000);
                    history.executeUpdate();
                    version.setString(1, MigrateFloorBenchmark.revision(i));
                    version.executeUpdate();
                    c.commit();
                }
            }
        }
        System.out.println((System.nanoTime() - start) / 1_000_000);
    }
}
