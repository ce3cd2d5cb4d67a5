package io.ferry.migration.lock;

import io.ferry.migration.api.Backoff;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.LockHolder;
import io.ferry.migration.internal.Sha256;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.jdbc.SqlErrors;
import java.nio.ByteBuffer;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A session-level PostgreSQL advisory lock, held on a connection of its own that never opens a
 * transaction. Because that connection is idle and outside any transaction, it holds no snapshot, so
 * {@code CREATE INDEX CONCURRENTLY} elsewhere does not wait for it; and because the lock belongs to the
 * session, PostgreSQL releases it the moment the session ends, however the process that took it ended,
 * so that a killed run never leaves a stuck lock behind.
 *
 * <p>The {@link MigrationLock} is one; modules built on the core take locks of their own. One lock may
 * cover several keys (so that other tools sharing a table are kept out too); it takes all of them or
 * none. The lock's session sits idle while the work goes on elsewhere, so a server's
 * {@code idle_session_timeout} is turned off for it; {@link #close} gives the connection back with its
 * settings as it found them.
 *
 * <p>With its keys, the session takes a <em>witness</em>: an advisory lock of the two-integer form (shown in
 * {@code pg_locks} with {@code objsubid} 2, apart from the keys' bigint form) on a number drawn at random,
 * which no other holder of the keys shares. The work on other sessions checks the lock through it
 * ({@link #heldCondition()}): a try for it that fails means this session is still there, holding its keys.
 * That try is one lookup in the server's lock table, where a query of {@code pg_locks} copies the whole
 * table and is planned anew in every revision's record (bench/README.md, migrate-floor.sh, has what it saved).
 */
public final class AdvisoryLock implements AutoCloseable {

    /** The first pause between attempts while another session holds a key, doubling up to a second. */
    private static final Backoff POLL = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    /** The first number of every witness (see the class comment); the second is drawn for each lock. */
    private static final int WITNESS_CLASS = (int) (key("io.ferry.lock.witness") >>> 32);

    private final Session session;
    private final List<Long> keys;
    private final int pid;
    private final int witness;
    private final Duration waited;
    /** {@link #heldCondition()}, made once: a run evaluates it with every revision it records. */
    private final String heldCondition;
    /** {@link #held()}'s condition, on the lock's own session, where a try for the witness would succeed. */
    private final String heldHere;

    private AdvisoryLock(Session session, List<Long> keys, int pid, int witness, Duration waited) {
        this.session = session;
        this.keys = List.copyOf(keys);
        this.pid = pid;
        this.witness = witness;
        this.waited = waited;
        // Shared, and only tried: it never waits, and while the witness is held it takes nothing. On the lock's own
        // session, where the try would succeed (a session's advisory locks are its own to take again), the pid says.
        this.heldCondition = "(pg_catalog.pg_backend_pid() = " + pid + " OR NOT pg_catalog.pg_try_advisory_xact_lock_shared("
                + WITNESS_CLASS + ", " + witness + "))";
        // A bigint advisory key shows in pg_locks as classid (high half), objid (low half), objsubid 1.
        this.heldHere = this.keys.stream().map(key -> "EXISTS (SELECT 1 FROM pg_catalog.pg_locks WHERE"
                        + " locktype = 'advisory' AND granted AND pid = " + pid + " AND classid::bigint = " + (key >>> 32)
                        + " AND objid::bigint = " + (key & 0xFFFF_FFFFL) + " AND objsubid = 1)")
                .collect(Collectors.joining(" AND "));
    }

    /** What the taker of a lock says while it waits, and how it fails. */
    @FunctionalInterface
    public interface Waiting {

        /** The error when the wait runs out (at once, for a wait of zero) naming the session holding a key. */
        FerryException refused(Optional<LockHolder> holder);

        /** Another session holds a key: said when the wait begins and about every five seconds after. */
        default void stillWaiting(Duration waited, Optional<LockHolder> holder) {
        }

        /** The error when the thread is interrupted while it waits. */
        default FerryException interrupted() {
            return refused(Optional.empty());
        }
    }

    /** A lock key derived from a name: the first eight bytes of its SHA-256. */
    public static long key(String name) {
        return ByteBuffer.wrap(Sha256.of(name)).getLong();
    }

    /**
     * Takes every one of {@code keys} on a session of its own, waiting at most {@code wait} for other
     * sessions to release them: it tries again after a pause from 50 ms doubling up to a second, never
     * past the end of the wait.
     *
     * @param what names the lock in errors, for example "the migration lock"
     * @throws FerryException {@link Waiting#refused} when the wait runs out, and a database error
     *         (connection-failed, database-error) when the lock cannot be asked for
     */
    public static AdvisoryLock acquire(DataSource dataSource, String what, List<Long> keys, Duration wait,
                                       Waiting waiting) {
        Session session = Session.open(dataSource);
        try {
            Connection c = session.connection();
            if (session.majorVersion() >= 14) {
                session.set("idle_session_timeout", "0");
            }
            Instant start = Instant.now();
            Instant nextReport = start;
            for (int attempt = 1; ; attempt++) {
                Optional<Long> busy = tryLockAll(c, keys);
                if (busy.isEmpty()) {
                    Duration waited = Duration.between(start, Instant.now());
                    Witness witness = takeWitness(c);
                    return new AdvisoryLock(session, keys, witness.pid(), witness.number(), waited);
                }
                Duration waited = Duration.between(start, Instant.now());
                Optional<LockHolder> holder = holder(c, busy.get());
                if (waited.compareTo(wait) >= 0) {
                    throw waiting.refused(holder);
                }
                if (!Instant.now().isBefore(nextReport)) {
                    waiting.stillWaiting(waited, holder);
                    nextReport = Instant.now().plus(REPORT_EVERY);
                }
                Duration poll = POLL.ceiling(attempt);
                Duration left = wait.minus(waited);
                sleep(poll.compareTo(left) < 0 ? poll : left, waiting);
            }
        } catch (SQLException e) {
            session.abort(); // it may hold some of the keys: ending it releases them
            throw SqlErrors.translate("taking " + what, e);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Who holds any of these keys now, read without taking them; empty when nobody does. */
    public static Optional<LockHolder> holder(Connection c, List<Long> keys) throws SQLException {
        for (long key : keys) {
            Optional<LockHolder> holder = holder(c, key);
            if (holder.isPresent()) {
                return holder;
            }
        }
        return Optional.empty();
    }

    /** The backend pid of the session holding the lock. */
    public int pid() {
        return pid;
    }

    /** How long {@link #acquire} waited for the lock. */
    public Duration waited() {
        return waited;
    }

    /**
     * A SQL condition, true while this lock's session holds every key, for a statement on any connection: work
     * that must not outlive the lock (a revision's record, a batch's checkpoint) writes only under it. It is
     * false from the moment the session ends, even when another session has taken the keys since.
     */
    public String heldCondition() {
        return heldCondition;
    }

    /** True while the lock's session holds every key; false once the session ended or was terminated. */
    public boolean held() {
        try (PreparedStatement ps = session.connection().prepareStatement("SELECT " + heldHere);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Releases the keys and gives the session back. When a key cannot be released, the session is ended
     * instead (a pool would otherwise hand out a connection that still holds the lock): ending it releases
     * the keys.
     */
    @Override
    public void close() {
        try {
            // The witness first: from then on the work elsewhere sees the lock as gone, keys or not.
            try (PreparedStatement ps = session.connection().prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                ps.setInt(1, WITNESS_CLASS);
                ps.setInt(2, witness);
                ps.execute();
            }
            for (long key : keys) {
                unlock(session.connection(), key);
            }
        } catch (SQLException | RuntimeException e) {
            session.abort();
            return;
        }
        session.close();
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

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        }
    }

    /**
     * Takes a witness no other session holds, at a number drawn at random (drawn again on the rare clash); returns
     * the session's backend pid and the number.
     */
    private static Witness takeWitness(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid(), pg_try_advisory_lock(?, ?)")) {
            while (true) {
                int witness = ThreadLocalRandom.current().nextInt();
                ps.setInt(1, WITNESS_CLASS);
                ps.setInt(2, witness);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(2)) {
                        return new Witness(rs.getInt(1), witness);
                    }
                }
            }
        }
    }

    /** The session's backend pid, and the number of the witness it took. */
    private record Witness(int pid, int number) {
    }

    private static Optional<LockHolder> holder(Connection c, long key) throws SQLException {
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

    private static void sleep(Duration d, Waiting waiting) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw waiting.interrupted();
        }
    }
}
