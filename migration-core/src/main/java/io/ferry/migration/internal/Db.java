package io.ferry.migration.internal;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Small JDBC helpers shared by the core: connecting, quoting, and turning SQL errors into Ferry's. */
public final class Db {

    /** The {@code application_name} of every connection Ferry opens, so operators can find it. */
    public static final String APPLICATION_NAME = "ferry";

    private Db() {
    }

    /** Opens a connection in autocommit, named {@value #APPLICATION_NAME} in {@code pg_stat_activity}. */
    public static Connection open(DataSource dataSource) {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw connectionFailed(e);
        }
        try {
            c.setAutoCommit(true);
            // A data source Ferry made names its connections when they start; others get a SET.
            if (!APPLICATION_NAME.equals(c.getClientInfo("ApplicationName"))) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET application_name = '" + APPLICATION_NAME + "'");
                }
            }
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw error("preparing a connection", e);
        }
    }

    /**
     * Opens the connection revisions run on: as {@link #open}, and on PostgreSQL 14 or later with
     * {@code client_connection_check_interval} set, so that if Ferry dies mid-statement the server
     * notices within seconds and rolls the revision back instead of finishing a statement nobody
     * waits for.
     */
    public static Connection openForWork(DataSource dataSource) {
        Connection c = open(dataSource);
        try (Statement s = c.createStatement()) {
            if (c.getMetaData().getDatabaseMajorVersion() >= 14) {
                s.execute("SET client_connection_check_interval = '1s'");
            }
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw error("preparing a connection", e);
        }
    }

    /**
     * Gives a connection back: restores the session settings Ferry changed (a pooled connection goes
     * back as it came) and closes it.
     */
    public static void release(Connection c) {
        if (c == null) {
            return;
        }
        try (Statement s = c.createStatement()) {
            // One round trip; the last setting exists from PostgreSQL 14 on (see openForWork).
            s.execute("RESET application_name; RESET lock_timeout"
                    + (c.getMetaData().getDatabaseMajorVersion() >= 14 ? "; RESET client_connection_check_interval" : ""));
        } catch (SQLException ignored) {
            // a broken connection has no settings left to restore
        }
        closeQuietly(c);
    }

    /** Work done on a connection inside {@link #transaction}. */
    @FunctionalInterface
    public interface Work {
        void run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws, and leaves
     * the connection's autocommit as it found it.
     */
    public static void transaction(Connection c, Work work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            work.run(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** True for SQLSTATEs that mean the server is unreachable, refused us, or went away. */
    public static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("28") || state.equals("3D000")
                || state.startsWith("57P");
    }

    /** A Ferry error for a failed database call: a connection problem, or a plain database error. */
    public static FerryException error(String doing, SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.equals("08006") || state.equals("08003") || state.startsWith("57P"))) {
            return new FerryException(MigrationErrorCode.CONNECTION_FAILED,
                    "lost the connection to the database while " + doing + ": " + oneLine(e.getMessage()) + sqlState(e),
                    "the server restarted or ended the session; check its log, then run the command again", e);
        }
        if (isConnectionProblem(e)) {
            return connectionFailed(e);
        }
        return new FerryException(MigrationErrorCode.DATABASE_ERROR,
                "database error while " + doing + ": " + oneLine(e.getMessage()) + sqlState(e),
                "check the database's log for details; nothing was changed by this step", e);
    }

    private static FerryException connectionFailed(SQLException e) {
        return new FerryException(MigrationErrorCode.CONNECTION_FAILED,
                "cannot connect to the database: " + oneLine(e.getMessage()) + sqlState(e),
                "check the URL, user and password, and that the server accepts connections from here", e);
    }

    private static String sqlState(SQLException e) {
        return e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]";
    }

    /** Collapses a multi-line server message to one line. */
    public static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Quotes an identifier for SQL: {@code my"table} becomes {@code "my""table"}. */
    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Quotes a string literal for SQL (standard_conforming_strings on). */
    public static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    public static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort: the original outcome matters more
        }
    }
}
