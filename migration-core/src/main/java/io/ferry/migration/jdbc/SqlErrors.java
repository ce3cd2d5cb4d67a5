package io.ferry.migration.jdbc;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

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
    /** {@code insufficient_privilege}: the user lacks a privilege the statement needs. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** {@code read_only_sql_transaction}: a write in a read-only transaction (a replica, or one begun so). */
    public static final String READ_ONLY_TRANSACTION = "25006";

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
            return ConnectionErrors.connectFailed(e);
        }
        return new FerryException(MigrationErrorCode.DATABASE_ERROR,
                "database error while " + doing + ": " + describe(e),
                "check the database's log for details; nothing was changed by this step", e);
    }

    /** The driver's message on one line, with the SQLSTATE when there is one. */
    public static String describe(SQLException e) {
        return oneLine(e.getMessage()) + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]");
    }

    /**
     * The server's own message on one line, without the driver's decorations (severity, detail, where),
     * followed by the SQLSTATE; the driver's message, as {@link #describe} gives it, when the server sent none.
     */
    public static String serverMessage(SQLException e) {
        return server(e) == null ? describe(e) : plainServerMessage(e) + " [SQLSTATE " + e.getSQLState() + "]";
    }

    /** The server's own message on one line, without the SQLSTATE; the driver's when the server sent none. */
    public static String plainServerMessage(SQLException e) {
        ServerErrorMessage server = server(e);
        return oneLine(server == null ? e.getMessage() : server.getMessage());
    }

    /** What the server said, when it said something with a message. */
    private static ServerErrorMessage server(SQLException e) {
        return e instanceof PSQLException p && p.getServerErrorMessage() != null
                && p.getServerErrorMessage().getMessage() != null ? p.getServerErrorMessage() : null;
    }

    /** Collapses a multi-line server message to one line. */
    public static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
