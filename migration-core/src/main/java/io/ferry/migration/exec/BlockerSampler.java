package io.ferry.migration.exec;

import io.ferry.migration.api.BlockingSession;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.sql.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Sees who blocks a statement while it waits for a lock. Once the work session has gone
 * {@code lock_timeout} the statement has given up, its wait is over, and {@code pg_blocking_pids} of the
 * session no longer shows anyone; so, while a statement that runs under a lock timeout is under way, a
 * timer asks from a side connection, every quarter of that timeout (at most every second), which
 * sessions block the work session and which lock it waits for, and keeps the last answer that named
 * somebody for each statement. When the statement fails on {@code lock_timeout}, that answer names the
 * sessions as they were a moment before.
 *
 * <p>The side connection is opened only once a statement has run for that quarter, so a run whose
 * statements never wait opens none; it is kept until the run ends. Every failure to sample is quiet: the
 * error then names no blocker.
 */
final class BlockerSampler implements AutoCloseable {

    private static final Duration SHORTEST = Duration.ofMillis(10);
    private static final Duration LONGEST = Duration.ofSeconds(1);

    /** A session as {@code pg_stat_activity a} shows it; ages in milliseconds, null outside a state or transaction. */
    private static final String SESSION = "a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),"
            + " a.state, (extract(epoch FROM clock_timestamp() - a.state_change) * 1000)::bigint,"
            + " (extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::bigint, a.query_start";

    /** The blockers of session {@code ?} (given twice), with the lock it waits for; one row per blocker. */
    private static final String SAMPLE = "SELECT " + SESSION + ", w.locktype, w.relation::regclass::text,"
            + " c.relkind::text FROM unnest(pg_blocking_pids(?)) AS b(pid) JOIN pg_stat_activity a ON a.pid = b.pid"
            + " LEFT JOIN LATERAL (SELECT l.locktype, l.relation FROM pg_locks l WHERE l.pid = ? AND NOT l.granted"
            + " LIMIT 1) w ON true LEFT JOIN pg_class c ON c.oid = w.relation ORDER BY a.pid";

    /**
     * What one sample saw.
     *
     * @param awaited   the lock the statement waited for, for messages ("a lock on table t")
     * @param blockers  the sessions that held it, or were ahead of it in the queue
     */
    record Sample(String awaited, List<BlockingSession> blockers) {
    }

    private final DataSource dataSource;
    private final Object guard = new Object();
    /** The last sample that named a blocker, per statement; guarded. */
    private final Map<SqlStatement, Sample> last = new HashMap<>();
    /** Bumped by every watch and its end, so a sample that outlives its watch is dropped; guarded. */
    private long generation;
    private ScheduledExecutorService timer;
    /** Only the timer's thread opens, uses and drops it, except {@link #close} after the timer has stopped. */
    private Session side;
    private int workPid;

    /** @param dataSource where side connections come from; null samples nothing */
    BlockerSampler(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stops watching when closed. */
    @FunctionalInterface
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Samples the blockers of {@code work} while {@code statement} runs, for a statement that waits at most
     * {@code lockTimeout} for a lock; zero (no limit) samples nothing.
     */
    Watch watch(Connection work, SqlStatement statement, Duration lockTimeout) {
        if (dataSource == null || lockTimeout.isZero() || statement == null) {
            return () -> { };
        }
        int pid = workPid(work);
        if (pid <= 0) {
            return () -> { };
        }
        Duration quarter = lockTimeout.dividedBy(4);
        long period = (quarter.compareTo(SHORTEST) < 0 ? SHORTEST : quarter.compareTo(LONGEST) > 0 ? LONGEST : quarter)
                .toMillis();
        long mine;
        ScheduledFuture<?> task;
        synchronized (guard) {
            mine = ++generation;
            if (timer == null) {
                timer = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "ferry-blocker-sampler");
                    t.setDaemon(true);
                    return t;
                });
            }
            task = timer.scheduleWithFixedDelay(() -> sample(pid, statement, mine), period, period,
                    TimeUnit.MILLISECONDS);
        }
        return () -> {
            task.cancel(false);
            synchronized (guard) {
                if (generation == mine) {
                    generation++;
                }
            }
        };
    }

    /** The last sample that named a blocker while {@code statement} waited, in this run. */
    Optional<Sample> last(SqlStatement statement) {
        if (statement == null) {
            return Optional.empty();
        }
        synchronized (guard) {
            return Optional.ofNullable(last.get(statement));
        }
    }

    /** Stops the timer and closes the side connection. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (guard) {
            stopping = timer;
            timer = null;
            generation++;
        }
        if (stopping != null) {
            stopping.shutdownNow();
            try {
                stopping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (side != null) {
            side.close();
            side = null;
        }
    }

    private void sample(int pid, SqlStatement statement, long mine) {
        Sample seen;
        try {
            if (side == null) {
                side = Session.open(dataSource);
                side.set("statement_timeout", "5s");
            }
            seen = query(side.connection(), pid);
        } catch (SQLException | RuntimeException e) {
            if (side != null) {
                side.abort();
                side = null;
            }
            return;
        }
        synchronized (guard) {
            if (generation == mine && !seen.blockers().isEmpty()) {
                last.put(statement, seen);
            }
        }
    }

    private static Sample query(Connection c, int pid) throws SQLException {
        List<BlockingSession> blockers = new ArrayList<>();
        String awaited = "a lock";
        try (PreparedStatement ps = c.prepareStatement(SAMPLE)) {
            ps.setInt(1, pid);
            ps.setInt(2, pid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blockers.add(session(rs));
                    awaited = awaited(rs.getString(8), rs.getString(9), rs.getString(10));
                }
            }
        }
        return new Sample(awaited, List.copyOf(blockers));
    }

    /** The sessions with these pids that still exist, as {@code pg_stat_activity} shows them now. */
    static List<BlockingSession> sessions(Connection c, List<Integer> pids) throws SQLException {
        List<BlockingSession> sessions = new ArrayList<>();
        if (pids.isEmpty()) {
            return sessions;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SESSION + " FROM pg_stat_activity a"
                + " WHERE a.pid = ANY (?) ORDER BY a.pid")) {
            ps.setArray(1, c.createArrayOf("int4", pids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sessions.add(session(rs));
                }
            }
        }
        return sessions;
    }

    private static BlockingSession session(ResultSet rs) throws SQLException {
        Timestamp queryStart = rs.getTimestamp(7);
        return new BlockingSession(rs.getInt(1), rs.getString(2), rs.getString(3), Optional.ofNullable(rs.getString(4)),
                millis(rs, 5), millis(rs, 6), Optional.ofNullable(queryStart).map(Timestamp::toInstant));
    }

    /** The lock a session waits for, in words: "a lock on table t", "a row lock on table t", ... */
    static String awaited(String locktype, String relation, String relkind) {
        if (locktype == null) {
            return "a lock";
        }
        String on = relation == null ? "" : " on " + switch (relkind == null ? "r" : relkind) {
            case "i", "I" -> "index ";
            case "S" -> "sequence ";
            case "v" -> "view ";
            case "m" -> "materialized view ";
            default -> "table ";
        } + relation;
        return switch (locktype) {
            case "relation" -> "a lock" + on;
            case "tuple", "transactionid" -> "a row lock" + on;
            case "advisory" -> "an advisory lock";
            default -> "a lock (" + locktype + ")" + on;
        };
    }

    private static Optional<Duration> millis(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
    }

    /** The work session's backend pid, asked once (between statements, never while one runs). */
    private int workPid(Connection work) {
        if (workPid == 0) {
            try {
                workPid = work.isWrapperFor(PGConnection.class) ? work.unwrap(PGConnection.class).getBackendPID()
                        : queryPid(work);
            } catch (SQLException e) {
                workPid = -1;
            }
        }
        return workPid;
    }

    private static int queryPid(Connection work) throws SQLException {
        try (Statement s = work.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
