package io.ferry.migration.lock;

import io.ferry.migration.api.Durations;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.LockHolder;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.event.EventPublisher;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.internal.Db;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The migration lock: a session-level advisory lock held on a connection of its own that never opens a
 * transaction. Because that connection is idle and outside any transaction, it holds no snapshot, so
 * {@code CREATE INDEX CONCURRENTLY} in a migration does not wait for it; and because the lock belongs
 * to the session, PostgreSQL releases it the moment the session ends, however Ferry ended.
 *
 * <p>The key is derived from the schema-qualified name of the history table, so projects that keep
 * their history in different schemas of one database do not block each other.
 */
public final class MigrationLock implements AutoCloseable {

    private static final Duration POLL_MIN = Duration.ofMillis(50);
    private static final Duration POLL_MAX = Duration.ofSeconds(1);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private final Connection connection;
    private final List<Long> keys;

    private MigrationLock(Connection connection, List<Long> keys) {
        this.connection = connection;
        this.keys = List.copyOf(keys);
    }

    /** The advisory lock key for a history table in {@code schema}. */
    public static long key(String schema) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("ferry:" + schema + ".ferry_history").getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Takes the lock (every one of {@code keys}, so that other tools sharing a table are kept out too),
     * waiting at most {@code wait} for other sessions to release them.
     *
     * @throws FerryException {@link MigrationErrorCode#LOCK_NOT_ACQUIRED} naming the holder when the wait runs out
     */
    public static MigrationLock acquire(DataSource dataSource, List<Long> keys, Duration wait, EventPublisher events) {
        Connection c = Db.open(dataSource);
        try {
            keepAlive(c);
            Instant start = Instant.now();
            Instant nextReport = start;
            Duration poll = POLL_MIN;
            while (true) {
                Optional<Long> busy = tryLockAll(c, keys);
                if (busy.isEmpty()) {
                    events.publish(new MigrationEvent.LockAcquired(Instant.now(), Duration.between(start, Instant.now())));
                    return new MigrationLock(c, keys);
                }
                Duration waited = Duration.between(start, Instant.now());
                Optional<LockHolder> holder = holder(c, busy.get());
                if (waited.compareTo(wait) >= 0) {
                    throw new FerryException(MigrationErrorCode.LOCK_NOT_ACQUIRED,
                            "another session holds the migration lock and did not release it within "
                                    + Durations.format(wait)
                                    + holder.map(h -> ": " + h.describe()).orElse(""),
                            "wait for that run to finish, or raise --lock-wait; if that run is stuck, end its lock"
                                    + " session with SELECT pg_terminate_backend(pid): the run stops before its next"
                                    + " revision");
                }
                if (!Instant.now().isBefore(nextReport)) {
                    events.publish(new MigrationEvent.LockWaiting(Instant.now(), waited, wait, holder));
                    nextReport = Instant.now().plus(REPORT_EVERY);
                }
                Duration left = wait.minus(waited);
                sleep(poll.compareTo(left) < 0 ? poll : left);
                poll = poll.multipliedBy(2).compareTo(POLL_MAX) > 0 ? POLL_MAX : poll.multipliedBy(2);
            }
        } catch (SQLException e) {
            Db.closeQuietly(c);
            throw Db.error("taking the migration lock", e);
        } catch (RuntimeException e) {
            Db.closeQuietly(c);
            throw e;
        }
    }

    /** Takes every key or none: returns the first key another session holds, after releasing the rest. */
    private static Optional<Long> tryLockAll(Connection c, List<Long> keys) throws SQLException {
        List<Long> taken = new ArrayList<>();
        for (long key : keys) {
            if (!tryLock(c, key)) {
                for (long held : taken) {
                    unlock(c, held);
                }
                return Optional.of(key);
            }
            taken.add(key);
        }
        return Optional.empty();
    }

    /**
     * The lock session sits idle for the whole run: a server's {@code idle_session_timeout} must not end
     * it (PostgreSQL 14 and later have that setting).
     */
    private static void keepAlive(Connection c) throws SQLException {
        if (c.getMetaData().getDatabaseMajorVersion() >= 14) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SET idle_session_timeout = 0");
            }
        }
    }

    /**
     * Checks that this session still holds the lock, before each revision: a lock session that was
     * terminated, or whose connection dropped, has released the lock, and another run may hold it now.
     *
     * @throws FerryException {@link MigrationErrorCode#LOCK_LOST} when the lock is gone
     */
    public void verifyHeld(String before) {
        String sql = "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND pid = pg_backend_pid() AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1)";
        boolean held = true;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (long key : keys) {
                ps.setLong(1, key >>> 32);
                ps.setLong(2, key & 0xFFFF_FFFFL);
                try (ResultSet rs = ps.executeQuery()) {
                    held &= rs.next() && rs.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            held = false;
        }
        if (!held) {
            throw new FerryException(MigrationErrorCode.LOCK_LOST,
                    "lost the migration lock (its session ended or was terminated); stopped before " + before,
                    "another run may hold the lock now: check with ferry status, then run again");
        }
    }

    /** Who holds any of these lock keys now, read without taking them. */
    public static Optional<LockHolder> holder(Connection c, List<Long> keys) throws SQLException {
        for (long key : keys) {
            Optional<LockHolder> holder = holder(c, key);
            if (holder.isPresent()) {
                return holder;
            }
        }
        return Optional.empty();
    }

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Optional<LockHolder> holder(Connection c, long key) throws SQLException {
        // A bigint advisory key shows in pg_locks as classid (high half), objid (low half), objsubid 1.
        String sql = "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),"
                + " host(a.client_addr), a.backend_start, coalesce(a.state, '')"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database"
                + " WHERE datname = current_database()) AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xFFFF_FFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp since = rs.getTimestamp(5);
                return Optional.of(new LockHolder(rs.getInt(1), rs.getString(2), rs.getString(3),
                        Optional.ofNullable(rs.getString(4)), since == null ? Instant.EPOCH : since.toInstant(),
                        rs.getString(6)));
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(MigrationErrorCode.LOCK_NOT_ACQUIRED, "interrupted while waiting for the migration lock",
                    "run the command again");
        }
    }

    private static void unlock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        }
    }

    /** Releases the lock and closes its connection. Closing alone would release it too. */
    @Override
    public void close() {
        try {
            for (long key : keys) {
                unlock(connection, key);
            }
        } catch (SQLException ignored) {
            // the session ends below, and the lock with it
        } finally {
            Db.release(connection);
        }
    }
}
