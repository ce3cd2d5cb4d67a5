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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Sees who blocks a statement while it waits for a lock, and how long the statement ran. Once the work
 * session has gone {@code lock_timeout} the statement has given up, its wait is over, and
 * {@code pg_blocking_pids} of the session no longer shows anyone; so, while a statement that runs under a
 * lock timeout is under way, a timer asks from a side connection, every quarter of that timeout (at most
 * every second), which sessions block the work session and which lock it waits for, and keeps the last
 * answer that named somebody. Only the statement watched last counts: a new watch (the next statement, or
 * the same one tried again) forgets what the one before saw, so a failure names the blockers of its own
 * attempt, never those of an earlier one.
 *
 * <p>The side connection is opened only once a statement has run for that quarter, so a run whose
 * statements never wait opens none; it is kept until the run ends, and it gives up on a server that does
 * not answer (a statement timeout and a network timeout of its own). Every failure to sample is quiet:
 * the error then names no blocker.
 *
 * <p>Two threads share it: the executor's (watch, last, close) and the timer's (sample). Everything they
 * share is guarded by {@code guard}; the side connection is used outside it only by the timer's thread,
 * and {@link #close} aborts it (which is safe from another thread) when the timer does not stop in time.
 */
final class BlockerSampler implements AutoCloseable {

    private static final Duration SHORTEST = Duration.ofMillis(10);
    private static final Duration LONGEST = Duration.ofSeconds(1);
    /** How long one sample may take on the server, and on the network. */
    private static final String SIDE_STATEMENT_TIMEOUT = "5s";
    private static final int SIDE_NETWORK_TIMEOUT_MS = 10_000;
    /** How long {@link #close} waits for a sample under way. */
    private static final long STOP_WAIT_MS = 5_000;

    /** A session as {@code pg_stat_activity a} shows it; ages in milliseconds, null outside a state or transaction. */
    private static final String SESSION = "a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),"
            + " a.state, (extract(epoch FROM clock_timestamp() - a.state_change) * 1000)::bigint,"
            + " (extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::bigint, a.query_start";

    /**
     * The blockers of session {@code ?} (given four times), with the lock it waits for, and what it runs and
     * whether the server may have cut that text (at track_activity_query_size bytes, less a character at most);
     * one row per blocker.
     */
    private static final String SAMPLE = "SELECT " + SESSION + ", w.locktype, w.relation::regclass::text,"
            + " c.relkind::text, (SELECT r.query FROM pg_stat_activity r WHERE r.pid = ?),"
            + " (SELECT octet_length(r.query) >= (SELECT s.setting::int - 4 FROM pg_settings s"
            + " WHERE s.name = 'track_activity_query_size') FROM pg_stat_activity r WHERE r.pid = ?)"
            + " FROM unnest(pg_blocking_pids(?)) AS b(pid) JOIN pg_stat_activity a ON a.pid = b.pid"
            + " LEFT JOIN LATERAL (SELECT l.locktype, l.relation FROM pg_locks l WHERE l.pid = ? AND NOT l.granted"
            + " LIMIT 1) w ON true LEFT JOIN pg_class c ON c.oid = w.relation ORDER BY a.pid";

    /**
     * What the watch of a statement saw, once the statement has ended.
     *
     * @param awaited   the lock the statement waited for, for messages ("a lock on table t"); "a lock" when
     *                  no sample named a blocker
     * @param blockers  the sessions that held it, or were ahead of it in the queue, as last sampled; empty
     *                  when no sample named anybody
     * @param ran       how long the statement ran, as the client measured it (from before it was sent to
     *                  after its answer came): never shorter than the server ran it
     * @param withOthers true when the statement was sent in one batch with others, and {@code ran} is the
     *                  batch's time: at least the statement's, maybe more
     */
    record Sample(String awaited, List<BlockingSession> blockers, Duration ran, boolean withOthers) {
    }

    /** What one query of the side connection saw. */
    private record Seen(String awaited, List<BlockingSession> blockers, String running, boolean cut) {

        /**
         * True when the sample was taken while {@code statement} ran: what the work session ran then is the
         * statement's text, or its start when the server may have cut it.
         */
        boolean during(SqlStatement statement) {
            if (running == null || running.isEmpty()) {
                return false;
            }
            return cut ? statement.sql().startsWith(running) : statement.sql().equals(running);
        }
    }

    private final DataSource dataSource;
    private final Object guard = new Object();
    /** The last watch begun; guarded, as are all the fields below but {@link #workPid}. */
    private long current;
    /** Whether the last watch is still under way. */
    private boolean running;
    /** The statement the last watch is of, when it started and ended ({@link System#nanoTime}). */
    private List<SqlStatement> watched;
    private long startedAt;
    private long endedAt;
    /** The last sample of the last watch that named a blocker, or null. */
    private Seen seen;
    /** The timer, while there is one; a sample whose timer is no longer it belongs to a closed sampler. */
    private ScheduledThreadPoolExecutor timer;
    /** The side connection, opened by the timer's thread; taken away by {@link #close}. */
    private Session side;
    /** The side connection's network timeout before it was given one, to put back. */
    private int sideNetworkTimeout;
    /** The work session's backend pid; the executor's thread only. */
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
     * Watches {@code statement} while it runs: times it, and samples the blockers of {@code work} for a
     * statement that waits at most {@code lockTimeout} for a lock (zero, no limit, samples nothing). What
     * an earlier watch saw is forgotten.
     */
    Watch watch(Connection work, SqlStatement statement, Duration lockTimeout) {
        return statement == null ? () -> { } : watch(work, List.of(statement), lockTimeout);
    }

    /**
     * Watches statements sent together (one batch, one round trip) as one: what it sees is what each of them
     * saw, and their time is the batch's.
     */
    Watch watch(Connection work, List<SqlStatement> statements, Duration lockTimeout) {
        if (statements.isEmpty()) {
            return () -> { };
        }
        long mine;
        synchronized (guard) {
            mine = ++current;
            running = true;
            watched = List.copyOf(statements);
            seen = null;
            startedAt = System.nanoTime();
        }
        Watch end = () -> {
            long now = System.nanoTime();
            synchronized (guard) {
                if (current == mine && running) {
                    running = false;
                    endedAt = now;
                }
            }
        };
        if (dataSource == null || lockTimeout.isZero()) {
            return end;
        }
        int pid = workPid(work);
        if (pid <= 0) {
            return end;
        }
        Duration quarter = lockTimeout.dividedBy(4);
        long period = (quarter.compareTo(SHORTEST) < 0 ? SHORTEST : quarter.compareTo(LONGEST) > 0 ? LONGEST : quarter)
                .toMillis();
        ScheduledFuture<?> task;
        synchronized (guard) {
            if (timer == null) {
                timer = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, "ferry-blocker-sampler");
                    t.setDaemon(true);
                    return t;
                });
                // A watch that ends cancels its task: take it off the queue then, not when it would have run.
                timer.setRemoveOnCancelPolicy(true);
            }
            ScheduledThreadPoolExecutor on = timer;
            task = on.scheduleWithFixedDelay(() -> sample(on, pid, mine), period, period, TimeUnit.MILLISECONDS);
        }
        return () -> {
            task.cancel(false);
            end.close();
        };
    }

    /**
     * What the watch of {@code statement} saw, when it is the last statement watched and has ended: the
     * attempt that just failed, not an earlier one.
     */
    Optional<Sample> last(SqlStatement statement) {
        if (statement == null) {
            return Optional.empty();
        }
        synchronized (guard) {
            if (running || watched == null || !watched.contains(statement)) {
                return Optional.empty();
            }
            Duration ran = Duration.ofNanos(endedAt - startedAt);
            boolean withOthers = watched.size() > 1;
            // Statements watched together share the samples: the blockers are the failed statement's only when
            // the work session was seen running it.
            return Optional.of(seen == null || withOthers && !seen.during(statement)
                    ? new Sample("a lock", List.of(), ran, withOthers)
                    : new Sample(seen.awaited(), seen.blockers(), ran, withOthers));
        }
    }

    /**
     * Stops the timer and closes the side connection; aborts it instead when a sample is still under way
     * after a while (a server or network that does not answer).
     */
    @Override
    public void close() {
        ScheduledThreadPoolExecutor stopping;
        Session open;
        synchronized (guard) {
            stopping = timer;
            timer = null;
            running = false;
            open = side;
            side = null;
        }
        boolean stopped = true;
        if (stopping != null) {
            stopping.shutdownNow();
            try {
                stopped = stopping.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                stopped = false;
                Thread.currentThread().interrupt();
            }
        }
        if (open != null) {
            if (stopped) {
                release(open);
            } else {
                open.abort();
            }
        }
    }

    /** One sample, on the timer's thread {@code on}, for the watch {@code mine} of the session {@code pid}. */
    private void sample(ScheduledThreadPoolExecutor on, int pid, long mine) {
        Session s;
        synchronized (guard) {
            if (timer != on || current != mine || !running) {
                return;
            }
            s = side;
        }
        if (s == null) {
            s = openSide();
            if (s == null) {
                return;
            }
            boolean late;
            synchronized (guard) {
                late = timer != on;
                if (!late) {
                    side = s;
                }
            }
            if (late) {
                // close() ran while it opened: nobody else will close it.
                release(s);
                return;
            }
        }
        Seen now;
        try {
            now = query(s.connection(), pid);
        } catch (SQLException | RuntimeException e) {
            synchronized (guard) {
                if (side == s) {
                    side = null;
                }
            }
            s.abort();
            return;
        }
        synchronized (guard) {
            if (current == mine && running && !now.blockers().isEmpty()) {
                seen = now;
            }
        }
    }

    /** A side connection that gives up on a server that does not answer; null when none can be had. */
    private Session openSide() {
        Session s;
        try {
            s = Session.open(dataSource);
        } catch (RuntimeException e) {
            return null;
        }
        try {
            s.set("statement_timeout", SIDE_STATEMENT_TIMEOUT);
            int before = s.connection().getNetworkTimeout();
            s.connection().setNetworkTimeout(Runnable::run, SIDE_NETWORK_TIMEOUT_MS);
            synchronized (guard) {
                sideNetworkTimeout = before;
            }
            return s;
        } catch (SQLException | RuntimeException e) {
            s.abort();
            return null;
        }
    }

    /** Gives a side connection back as it was borrowed. */
    private void release(Session s) {
        int before;
        synchronized (guard) {
            before = sideNetworkTimeout;
        }
        try {
            s.connection().setNetworkTimeout(Runnable::run, before);
        } catch (SQLException | RuntimeException e) {
            s.abort();
            return;
        }
        s.close();
    }

    private static Seen query(Connection c, int pid) throws SQLException {
        List<BlockingSession> blockers = new ArrayList<>();
        String awaited = "a lock";
        String running = null;
        boolean cut = false;
        try (PreparedStatement ps = c.prepareStatement(SAMPLE)) {
            for (int i = 1; i <= 4; i++) {
                ps.setInt(i, pid);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blockers.add(session(rs));
                    awaited = awaited(rs.getString(8), rs.getString(9), rs.getString(10));
                    running = rs.getString(11);
                    cut = rs.getBoolean(12);
                }
            }
        }
        return new Seen(awaited, List.copyOf(blockers), running, cut);
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
                workPid = backendPid(work);
            } catch (SQLException e) {
                workPid = -1;
            }
        }
        return workPid;
    }

    /** The backend pid of the session of {@code c}: the driver knows it; another data source's connection is asked. */
    static int backendPid(Connection c) throws SQLException {
        if (c.isWrapperFor(PGConnection.class)) {
            return c.unwrap(PGConnection.class).getBackendPID();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
