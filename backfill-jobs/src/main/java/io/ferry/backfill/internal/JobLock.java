package io.ferry.backfill.internal;

import io.ferry.backfill.BackfillErrorCode;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.LockHolder;
import io.ferry.migration.internal.Db;
import io.ferry.migration.lock.MigrationLock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One backfill job's lock: a session-level advisory lock on a connection of its own that stays idle
 * outside any transaction, as the migration lock does. It is taken without waiting: a second run of a
 * job that is running is an operator's mistake to report at once, not a queue to join. A killed run's
 * session ends and takes the lock with it, so the next run can tell a dead run from a live one.
 */
public final class JobLock implements AutoCloseable {

    private final Connection connection;
    private final long key;
    private final String job;
    private final int pid;

    private JobLock(Connection connection, long key, String job, int pid) {
        this.connection = connection;
        this.key = key;
        this.job = job;
        this.pid = pid;
    }

    /** The backend pid of the session holding the lock. */
    public int pid() {
        return pid;
    }

    /**
     * A condition, true while the lock's session still holds the lock, for a statement on another
     * connection: the batch's checkpoint carries it, so a run whose lock is gone cannot move the
     * checkpoint that a newer run now owns. Binds three parameters: see {@link #bindHeld}.
     */
    public static String heldCondition() {
        return "EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = ?"
                + " AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1)";
    }

    /** Binds {@link #heldCondition()}'s parameters from {@code first}; returns the next index. */
    public int bindHeld(java.sql.PreparedStatement ps, int first) throws SQLException {
        ps.setInt(first, pid);
        ps.setLong(first + 1, key >>> 32);
        ps.setLong(first + 2, key & 0xFFFF_FFFFL);
        return first + 3;
    }

    /** The advisory lock key of a job whose runs are recorded in {@code schema}. */
    public static long key(String schema, String job) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("ferry:backfill:" + schema + ":" + job).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Takes the job's lock, or fails at once naming the session that holds it.
     *
     * @throws FerryException {@link BackfillErrorCode#BACKFILL_RUNNING} when another session holds it
     */
    public static JobLock acquire(DataSource dataSource, String schema, String job) {
        long key = key(schema, job);
        Connection c = Db.open(dataSource);
        try {
            if (c.getMetaData().getDatabaseMajorVersion() >= 14) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET idle_session_timeout = 0");
                }
            }
            boolean taken;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    taken = rs.getBoolean(1);
                }
            }
            if (!taken) {
                Optional<LockHolder> holder = MigrationLock.holder(c, List.of(key));
                throw new FerryException(BackfillErrorCode.BACKFILL_RUNNING,
                        "backfill '" + job + "' is already running" + holder.map(h -> " in " + h.describe()).orElse(""),
                        "wait for it to finish (ferry backfill status shows its progress), or stop it with Ctrl-C"
                                + " or SIGTERM in its terminal; it pauses after its current batch");
            }
            int pid;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            return new JobLock(c, key, job, pid);
        } catch (SQLException e) {
            Db.closeQuietly(c);
            throw Db.error("taking the lock of backfill '" + job + "'", e);
        } catch (RuntimeException e) {
            Db.closeQuietly(c);
            throw e;
        }
    }

    /** Who holds a job's lock now, read without taking it. */
    public static Optional<LockHolder> holder(Connection c, String schema, String job) throws SQLException {
        return MigrationLock.holder(c, List.of(key(schema, job)));
    }

    /**
     * Checks, before each batch, that this session still holds the lock: if its session ended, another
     * run may have started, and two runs must never walk the same job.
     *
     * @throws FerryException {@link BackfillErrorCode#BACKFILL_LOCK_LOST} when it is gone
     */
    public void verifyHeld() {
        if (!held()) {
            throw lost();
        }
    }

    /** True while this session holds the lock; false when the session or the lock is gone. */
    public boolean held() {
        boolean held;
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + heldCondition())) {
            bindHeld(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                held = rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            held = false;
        }
        return held;
    }

    /** The error of a run whose lock is gone. */
    public FerryException lost() {
        return new FerryException(BackfillErrorCode.BACKFILL_LOCK_LOST,
                    "lost the lock of backfill '" + job + "' (its session ended or was terminated); stopped before"
                            + " the next batch", "check with ferry backfill status that no other run is going, then"
                    + " run the job again: it resumes from its checkpoint");
    }

    @Override
    public void close() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
            if (connection.getMetaData().getDatabaseMajorVersion() >= 14) {
                try (Statement s = connection.createStatement()) {
                    s.execute("RESET idle_session_timeout");
                }
            }
        } catch (SQLException ignored) {
            // the session ends below, and the lock with it
        } finally {
            Db.release(connection);
        }
    }
}
