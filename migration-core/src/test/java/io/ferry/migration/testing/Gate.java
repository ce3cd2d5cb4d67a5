package io.ferry.migration.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A gate that keeps a migration running until the test opens it: the test holds an advisory lock, and
 * a migration that runs {@link #PASS} waits for it, holding the migration lock meanwhile, so that the
 * test can watch other runs wait. The waiting migration shows in {@code pg_locks} as a request for the
 * gate's key that is not granted.
 */
public final class Gate implements AutoCloseable {

    private static final long KEY = 4242;

    /** The statements a migration runs to wait at the gate (inside its transaction). */
    public static final String PASS = "SET LOCAL lock_timeout = 0;\nSELECT pg_advisory_xact_lock_shared(" + KEY + ");";

    private final TestDatabase db;
    private final Connection holder;

    private Gate(TestDatabase db, Connection holder) {
        this.db = db;
        this.holder = holder;
    }

    /** Closes the gate: until {@link #open}, a migration that reaches {@link #PASS} waits. */
    public static Gate closed(TestDatabase db) throws SQLException {
        Connection c = db.connect();
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + KEY + ")");
        }
        return new Gate(db, c);
    }

    /** True when a session waits at the gate: its request for the gate's key is in pg_locks, not granted. */
    public boolean waitedAt() throws SQLException {
        return db.column("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND classid = 0 AND objid = " + KEY + " AND objsubid = 1").get(0).equals("1");
    }

    /** Lets the waiting migration through. */
    public void open() throws SQLException {
        try (Statement s = holder.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + KEY + ")");
        }
    }

    /** Ends the holding session, which opens the gate too. */
    @Override
    public void close() throws SQLException {
        holder.close();
    }
}
