package io.ferry.migration.jdbc;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.common.BaseDataSource;

/**
 * PostgreSQL's errors, told apart by SQLSTATE, and turned into Ferry's. The classes named here are the
 * ones Ferry acts on: a statement that gave up waiting (for a lock, or on {@code statement_timeout}) or
 * lost a conflict with another transaction may be tried again; a lost connection may not.
 */
public final class SqlErrors {

    /** {@code lock_not_available}: {@code lock_timeout} ran out, or a {@code NOWAIT} lock was taken. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** {@code query_canceled}: {@code statement_timeout} ran out, or the statement was cancelled. */
    public static final String QUERY_CANCELED = "57014";
    /** {@code deadlock_detected}: the server ended this transaction to break a deadlock. */
    public static final String DEADLOCK_DETECTED = "40P01";
    /** {@code serialization_failure}: a concurrent transaction won a conflict this one lost. */
    public static final String SERIALIZATION_FAILURE = "40001";

    private SqlErrors() {
    }

    /** True when the statement gave up waiting for a lock. */
    public static boolean isLockTimeout(SQLException e) {
        return LOCK_NOT_AVAILABLE.equals(e.getSQLState());
    }

    /** True when the statement ran past {@code statement_timeout} (or was cancelled). */
    public static boolean isQueryCanceled(SQLException e) {
        return QUERY_CANCELED.equals(e.getSQLState());
    }

    /**
     * True when the transaction lost to a concurrent one (a deadlock, or a serialization failure): the
     * same work may well succeed when run again.
     */
    public static boolean isConflict(SQLException e) {
        return DEADLOCK_DETECTED.equals(e.getSQLState()) || SERIALIZATION_FAILURE.equals(e.getSQLState());
    }

    /** True when the server ended the session or the connection broke while in use. */
    public static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("08006") || state.equals("08003") || state.startsWith("57P"));
    }

    /** True for SQLSTATEs that mean the server is unreachable, refused us, or went away. */
    public static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("28") || state.equals("3D000")
                || state.startsWith("57P");
    }

    /** A Ferry error for a failed database call: a lost or failed connection, or a plain database error. */
    public static FerryException translate(String doing, SQLException e) {
        if (isConnectionLost(e)) {
            return new FerryException(MigrationErrorCode.CONNECTION_LOST,
                    "lost the connection to the database while " + doing + ": " + describe(e),
                    "the server restarted, or something ended the session (pg_terminate_backend, an idle or"
                            + " network timeout); check the server's log, then run the command again", e);
        }
        if (isConnectionProblem(e)) {
            return connectionFailed(e);
        }
        return new FerryException(MigrationErrorCode.DATABASE_ERROR,
                "database error while " + doing + ": " + describe(e),
                "check the database's log for details; nothing was changed by this step", e);
    }

    /**
     * The error of a connection that could not be opened from {@code dataSource} after trying for
     * {@code took}: when the driver's login timeout ran out (a server that accepted the connection and
     * never answered, or a connect that never completed), one naming the host, port and limit.
     */
    static FerryException connectionFailed(DataSource dataSource, SQLException e, Duration took) {
        if (dataSource instanceof BaseDataSource pg && pg.getLoginTimeout() > 0) {
            Duration limit = Duration.ofSeconds(pg.getLoginTimeout());
            // The driver's "timed out" carries no cause nor SQLSTATE of its own: the time taken tells it apart.
            if (took.compareTo(limit.minusMillis(50)) >= 0) {
                return new FerryException(MigrationErrorCode.CONNECTION_FAILED,
                        "cannot connect to the database at " + addresses(pg) + ": no answer within the connect"
                                + " timeout of " + limit.toSeconds() + "s (connection and PostgreSQL start-up)",
                        Remedy.of("check that the server is up, reachable from here and not overloaded: one that"
                                + " accepts connections but never answers (a full server, a proxy with no backend)"
                                + " looks like this; if it is only slow to answer, raise ",
                                MigrationRemedy.CONNECT_TIMEOUT), e);
            }
        }
        return connectionFailed(e);
    }

    /** {@code host:port} of each server the data source names, as the driver reads them. */
    private static String addresses(BaseDataSource pg) {
        String[] hosts = pg.getServerNames();
        int[] ports = pg.getPortNumbers();
        List<String> named = new ArrayList<>();
        for (int i = 0; hosts != null && i < hosts.length; i++) {
            int port = ports != null && i < ports.length && ports[i] > 0 ? ports[i] : 5432;
            named.add(hosts[i] + ":" + port);
        }
        return named.isEmpty() ? "localhost:5432" : String.join(", ", named);
    }

    /** The error of a connection that could not be opened. */
    static FerryException connectionFailed(SQLException e) {
        return new FerryException(MigrationErrorCode.CONNECTION_FAILED,
                "cannot connect to the database: " + describe(e),
                "check the URL, user and password, and that the server accepts connections from here", e);
    }

    /** The driver's message on one line, with the SQLSTATE when there is one. */
    public static String describe(SQLException e) {
        return oneLine(e.getMessage()) + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]");
    }

    /** Collapses a multi-line server message to one line. */
    public static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
