package io.ferry.migration.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real deadlock between a revision and another session, the peer. The revision ({@link #REVISION})
 * creates table {@code marker}, updates row 1 of {@code t}, waits at a gate (an advisory lock) the test
 * holds, then updates row 1 of {@code u}; the peer holds row 1 of {@code u} and, once the revision waits
 * at the gate, asks for row 1 of {@code t}. The peer checks for deadlocks only after 30s, so the revision's
 * own check, a second after it starts waiting, finds it, and the revision is the one that fails. Tables
 * {@code t} and {@code u} ({@code id int PRIMARY KEY, v int}, each with a row 1) must exist.
 *
 * <pre>
 * try (Deadlock deadlock = Deadlock.prepare(db)) {
 *     ... start the revision in the background, with a lock timeout of minutes
 *     deadlock.spring();     // once the revision waits at the gate
 *     ... the revision fails with a deadlock naming deadlock.peerPid()
 * }                          // the peer's update ends; it is rolled back
 * </pre>
 */
public final class Deadlock implements AutoCloseable {

    /** The revision's statements. */
    public static final String REVISION = """
            CREATE TABLE marker (id int);
            UPDATE t SET v = 1 WHERE id = 1;
            SELECT pg_advisory_xact_lock(4242);
            UPDATE u SET v = 1 WHERE id = 1;""";

    /** The peer's {@code application_name}. */
    public static final String PEER = "deadlock-peer";

    private final TestDatabase db;
    private final Connection gate;
    private final Connection peer;
    private final int peerPid;
    private CompletableFuture<Void> peerUpdate;

    private Deadlock(TestDatabase db, Connection gate, Connection peer) throws SQLException {
        this.db = db;
        this.gate = gate;
        this.peer = peer;
        this.peerPid = Backends.pid(peer);
    }

    /** Closes the gate, and has the peer hold row 1 of {@code u} in an open transaction. */
    public static Deadlock prepare(TestDatabase db) throws SQLException {
        Connection gate = db.connect();
        Connection peer = db.connect();
        try (Statement g = gate.createStatement(); Statement s = peer.createStatement()) {
            g.execute("SELECT pg_advisory_lock(4242)");
            s.execute("SET application_name = '" + PEER + "'");
            s.execute("SET deadlock_timeout = '30s'");
            peer.setAutoCommit(false);
            s.execute("UPDATE u SET v = 2 WHERE id = 1");
            return new Deadlock(db, gate, peer);
        } catch (SQLException | RuntimeException e) {
            gate.close();
            peer.close();
            throw e;
        }
    }

    public int peerPid() {
        return peerPid;
    }

    /**
     * Waits until a Ferry session (application {@code ferry}) waits at the gate, has the peer ask for the
     * revision's row, waits until it waits for it, and opens the gate: the revision asks for the peer's row.
     */
    public void spring() throws Exception {
        int ferryPid = Backends.awaitBlockedBy(db.dataSource(), Backends.pid(gate), "ferry");
        peerUpdate = CompletableFuture.runAsync(() -> {
            try (Statement s = peer.createStatement()) {
                s.execute("UPDATE t SET v = 2 WHERE id = 1");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        int waiting = Backends.awaitBlockedBy(db.dataSource(), ferryPid, PEER);
        if (waiting != peerPid) {
            throw new AssertionError("pid " + waiting + " waits for the revision's row, not the peer " + peerPid);
        }
        try (Statement g = gate.createStatement()) {
            g.execute("SELECT pg_advisory_unlock(4242)");
        }
    }

    /** Waits for the peer's update to end, rolls the peer back, and closes both sessions. */
    @Override
    public void close() throws Exception {
        try (gate; peer) {
            if (peerUpdate != null) {
                peerUpdate.get(2, TimeUnit.MINUTES);
            }
            peer.rollback();
        }
    }
}
