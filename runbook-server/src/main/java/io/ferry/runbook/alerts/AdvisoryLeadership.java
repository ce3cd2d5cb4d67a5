package io.ferry.runbook.alerts;

import io.ferry.migration.lock.AdvisoryLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The lead among replicas: a session-level PostgreSQL advisory lock ({@link #key}, not the migration lock's) held on
 * a connection of its own that does nothing else. Each {@link #lead()} checks that the connection still answers
 * (then the lock is still held: a session's lock ends only with it) or tries to take the lock again, so a replica
 * takes over within one evaluation of the leader's end. A replica that does not lead keeps its connection open to
 * try again without connecting anew.
 *
 * <p>While the database is down no replica leads: the snapshot rules are not evaluated, and keep their state;
 * {@code database-unreachable} does not need the lead.
 */
public final class AdvisoryLeadership implements Leadership {

    /** How long the connection may take to answer the check. */
    static final int CHECK_SECONDS = 2;

    private static final Logger LOG = Logger.getLogger(AdvisoryLeadership.class);

    private final Supplier<DataSource> dataSource;
    private final long key;
    private Connection connection;
    private volatile boolean leader;

    /**
     * @param dataSource the database (asked for each new connection; it may throw while none is configured)
     * @param schema     the schema of Ferry's history: replicas on other schemas of one database lead apart
     */
    public AdvisoryLeadership(Supplier<DataSource> dataSource, String schema) {
        this.dataSource = dataSource;
        this.key = key(schema);
    }

    /** The lock's key: {@code ferry:alerts-leader:<schema>}, another key than the migration lock's. */
    public static long key(String schema) {
        return AdvisoryLock.key("ferry:alerts-leader:" + schema);
    }

    @Override
    public synchronized boolean lead() {
        try {
            if (connection != null && !connection.isValid(CHECK_SECONDS)) {
                drop();
            }
            if (connection == null) {
                connection = dataSource.get().getConnection();
                connection.setAutoCommit(true);
                try (Statement s = connection.createStatement()) {
                    s.execute("SET application_name = 'ferry-alerts-leader'");
                    // A leader whose machine dies without closing its connection must not keep the lock (and the
                    // rules) for the operating system's default keepalive of hours: PostgreSQL probes this
                    // session's socket after 10 s of silence and ends it about 25 s later.
                    s.execute("SET tcp_keepalives_idle = 10");
                    s.execute("SET tcp_keepalives_interval = 5");
                    s.execute("SET tcp_keepalives_count = 3");
                    s.execute("SET tcp_user_timeout = 30000");
                }
            }
            if (!leader) {
                leader = tryLock();
                if (leader) {
                    LOG.info("This server evaluates the alert rules (it holds the alerts' leader lock)");
                }
            }
        } catch (SQLException | RuntimeException e) {
            drop();
        }
        return leader;
    }

    private boolean tryLock() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public boolean leader() {
        return leader;
    }

    @Override
    public synchronized void close() {
        drop();
    }

    /** Closes the connection, which ends the lock with its session. */
    private void drop() {
        leader = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The session is gone either way.
            }
            connection = null;
        }
    }
}
