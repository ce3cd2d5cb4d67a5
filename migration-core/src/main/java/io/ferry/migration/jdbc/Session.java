package io.ferry.migration.jdbc;

import io.ferry.migration.sql.Quote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.jdbc.PgConnection;

/**
 * A connection borrowed from a data source for one piece of work, and given back as it was found.
 *
 * <p>Work changes the settings of its session: Ferry names it, sets {@code lock_timeout}, keeps a lock's
 * session from timing out, and a revision may run {@code SET search_path} itself. A pool hands that
 * session to the application next, so {@link #close} puts back every setting that changed while the
 * session was borrowed, whoever changed it: the role and session authorization it acts as, then every
 * setting {@code pg_settings} shows as set in the session (a setting the session had set before gets
 * that value again, any other is {@code RESET}). It also rolls back a transaction left open and restores
 * autocommit. One kind of change it cannot see: a custom setting that did not exist before
 * ({@code SET myapp.tenant = ...}); PostgreSQL lists those nowhere, so they stay. A connection that comes
 * straight from the driver needs none of that, since closing it ends the session.
 */
public final class Session implements AutoCloseable {

    /** The {@code application_name} of every session Ferry opens, so that operators can find it. */
    public static final String APPLICATION_NAME = "ferry";

    /**
     * Who the session acts as ({@code SET SESSION AUTHORIZATION}, {@code SET ROLE}): pg_settings does not
     * show them as set, so they are read apart and put back first, authorization before role.
     */
    private static final String AUTHORIZATION = "session_authorization";
    private static final String ROLE = "role";

    /**
     * The settings set in the session. The {@code transaction_*} ones are left out: they describe the
     * transaction under way, each transaction starts them afresh, and they cannot be reset.
     */
    private static final String SET_IN_SESSION = "SELECT name, current_setting(name) FROM pg_settings"
            + " WHERE source = 'session' AND name NOT LIKE 'transaction\\_%'"
            + " AND name NOT IN ('" + AUTHORIZATION + "', '" + ROLE + "')"
            + " UNION ALL SELECT '" + AUTHORIZATION + "', session_user::text"
            + " UNION ALL SELECT '" + ROLE + "', current_setting('role')";

    private final Connection connection;
    private final boolean autoCommit;
    /** The settings the session had set when borrowed; null when closing it ends the session. */
    private final Map<String, String> found;

    private Session(Connection connection, boolean autoCommit, Map<String, String> found) {
        this.connection = connection;
        this.autoCommit = autoCommit;
        this.found = found;
    }

    /**
     * Borrows a connection, in autocommit, named {@value #APPLICATION_NAME} in {@code pg_stat_activity}.
     *
     * @throws io.ferry.migration.api.FerryException a connection code ({@code connection-refused},
     *         {@code authentication-failed}, ..., see {@link ConnectionErrors}) when none can be had
     */
    public static Session open(DataSource dataSource) {
        Connection c;
        long started = System.nanoTime();
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw ConnectionErrors.connectFailed(dataSource, e, Duration.ofNanos(System.nanoTime() - started));
        }
        try {
            boolean autoCommit = c.getAutoCommit();
            Map<String, String> found = c instanceof PgConnection ? null : setInSession(c);
            Session session = new Session(c, autoCommit, found);
            c.setAutoCommit(true);
            // A data source Ferry made names its connections when they start; others get a SET.
            if (!APPLICATION_NAME.equals(c.getClientInfo("ApplicationName"))) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET application_name = '" + APPLICATION_NAME + "'");
                }
            }
            return session;
        } catch (SQLException e) {
            closeQuietly(c);
            throw SqlErrors.translate("preparing a connection", e);
        }
    }

    /**
     * Borrows the connection revisions and batches run on: as {@link #open}, and on PostgreSQL 14 or
     * later with {@code client_connection_check_interval} set, so that if Ferry dies mid-statement the
     * server notices within seconds and rolls the work back instead of finishing a statement nobody
     * waits for.
     */
    public static Session openForWork(DataSource dataSource) {
        Session session = open(dataSource);
        try (Statement s = session.connection.createStatement()) {
            if (session.majorVersion() >= 14) {
                s.execute("SET client_connection_check_interval = '1s'");
            }
            return session;
        } catch (SQLException e) {
            session.close();
            throw SqlErrors.translate("preparing a connection", e);
        }
    }

    /** The borrowed connection; valid until {@link #close}. */
    public Connection connection() {
        return connection;
    }

    /** The server's major version, for example 17. */
    public int majorVersion() throws SQLException {
        return connection.getMetaData().getDatabaseMajorVersion();
    }

    /** Sets {@code name} to {@code value} for the rest of the session; {@link #close} puts it back. */
    public void set(String name, String value) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config(?, ?, false)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.execute();
        }
    }

    /**
     * Gives the connection back: rolls back what is left uncommitted, restores the settings and autocommit
     * as they were when it was borrowed, and closes it. A session that cannot be restored (it broke, or a
     * setting refuses to go back) is aborted instead, so that a pool drops it rather than hand it out
     * changed. Never throws.
     */
    @Override
    public void close() {
        if (found != null) {
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                restoreSettings();
                connection.setAutoCommit(autoCommit);
            } catch (SQLException e) {
                abortQuietly(connection);
            }
        }
        closeQuietly(connection);
    }

    /**
     * Ends the session instead of giving it back: for a session left in a state that cannot be undone
     * (a lock it could not release, say). A pool drops an aborted connection. Never throws.
     */
    public void abort() {
        abortQuietly(connection);
        closeQuietly(connection);
    }

    /** One round trip that puts back every setting that differs from what was {@link #found}. */
    private void restoreSettings() throws SQLException {
        Map<String, String> now = setInSession(connection);
        List<String> statements = new ArrayList<>();
        boolean authorizationChanged = !found.get(AUTHORIZATION).equals(now.remove(AUTHORIZATION));
        if (authorizationChanged) {
            // Resets the role too; a session that may not go back is aborted by close.
            statements.add("SET SESSION AUTHORIZATION " + Quote.literal(found.get(AUTHORIZATION)));
        }
        String role = found.get(ROLE);
        if (authorizationChanged || !role.equals(now.remove(ROLE))) {
            statements.add(role.equals("none") ? "RESET ROLE" : "SET ROLE " + Quote.literal(role));
        }
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> setting : now.entrySet()) {
            String was = found.get(setting.getKey());
            if (was == null) {
                statements.add("RESET " + guc(setting.getKey()));
            } else if (!was.equals(setting.getValue())) {
                values.add(setConfig(setting.getKey(), was));
            }
        }
        for (Map.Entry<String, String> setting : found.entrySet()) {
            if (!now.containsKey(setting.getKey()) && !setting.getKey().equals(AUTHORIZATION)
                    && !setting.getKey().equals(ROLE)) {
                values.add(setConfig(setting.getKey(), setting.getValue()));
            }
        }
        if (!values.isEmpty()) {
            statements.add("SELECT " + String.join(", ", values));
        }
        if (!statements.isEmpty()) {
            try (Statement s = connection.createStatement()) {
                s.execute(String.join("; ", statements));
            }
        }
    }

    /** The settings set in this session (by {@code SET} or {@code set_config}), by name, as SHOW prints them. */
    private static Map<String, String> setInSession(Connection c) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SET_IN_SESSION)) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }

    private static String setConfig(String name, String value) {
        return "set_config(" + Quote.literal(name) + ", " + Quote.literal(value) + ", false)";
    }

    /** A setting's name for RESET: each dotted part quoted ({@code "myapp"."tenant"} for {@code myapp.tenant}). */
    private static String guc(String name) {
        return Arrays.stream(name.split("\\.", -1)).map(Quote::ident).collect(Collectors.joining("."));
    }

    private static void abortQuietly(Connection c) {
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // closing below is all that is left to try
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // closing is best effort: the outcome of the work matters more
        }
    }
}
