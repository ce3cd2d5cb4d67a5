package io.ferry.runbook.project;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The server's data source: each connection straight from the driver (no pool), except on a thread inside
 * {@link #onOneSession}, where every connection it hands out is that one session, which closing does not end.
 * A refresh reads the live state and Ferry's status, history and files this way on one session instead of
 * opening one for each (a backend started, authenticated and its caches filled each time). The session ends
 * with the refresh, so nothing of it outlives a restart of the database: the next refresh connects afresh.
 *
 * <p>Ferry borrows such a connection as it would from a pool, so it puts back every setting it changed when it
 * is done with it. It is the driver's own data source otherwise, with the same settings, so that Ferry's errors
 * still name the host and port it tried.
 */
final class RefreshSessions extends PGSimpleDataSource {

    private static final long serialVersionUID = 1L;

    private final transient ThreadLocal<Connection> shared = new ThreadLocal<>();

    /** The driver's data source {@code settings} (the URL, credentials, timeouts), shared within a refresh. */
    static RefreshSessions of(PGSimpleDataSource settings) {
        RefreshSessions sessions = new RefreshSessions();
        try {
            sessions.initializeFrom(settings);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("could not copy the data source's settings: " + e.getMessage(), e);
        }
        return sessions;
    }

    private RefreshSessions() {
    }

    /** Opens a session, runs {@code work} on it (and every connection this thread asks for meanwhile), closes it. */
    <T> T onOneSession(ServerProject.SessionWork<T> work) throws SQLException {
        if (shared.get() != null) {
            throw new IllegalStateException("this thread is already working on one session");
        }
        Connection c = super.getConnection();
        shared.set(c);
        try {
            return work.apply(c);
        } finally {
            shared.remove();
            try {
                c.close();
            } catch (SQLException ignored) {
                // The work is done; a session that ended badly is gone either way.
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = shared.get();
        return c == null ? super.getConnection() : borrowed(c);
    }

    /** {@code c} for one borrower: its {@code close} gives it back without ending the session. */
    private static Connection borrowed(Connection c) {
        boolean[] closed = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        closed[0] = true;
                        yield null;
                    }
                    case "isClosed" -> closed[0] || c.isClosed();
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "borrowed " + c;
                    default -> {
                        if (closed[0]) {
                            throw new SQLException("this borrowed connection was closed", "08003");
                        }
                        try {
                            yield method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }
}
