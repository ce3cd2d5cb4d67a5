package io.ferry.migration.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The server's sessions seen from a connection of the test's own: waiting until one runs a given
 * statement, and ending it as an operator would, with {@code pg_terminate_backend}.
 */
public final class Backends {

    private Backends() {
    }

    /**
     * Waits until a session of the database {@code observer} connects to runs a statement that starts
     * with {@code prefix}, and returns its pid.
     */
    public static int awaitRunning(DataSource observer, String prefix) throws Exception {
        return awaitPid(observer, "a session running " + prefix, "SELECT pid FROM pg_stat_activity"
                + " WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()"
                + " AND starts_with(query, ?)", prefix);
    }

    /** The pid of the server session behind {@code c}. */
    public static int pid(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Waits until a session whose {@code application_name} is {@code application} waits for a lock
     * session {@code pid} holds ({@code pg_blocking_pids}), and returns its pid.
     */
    public static int awaitBlockedBy(DataSource observer, int pid, String application) throws Exception {
        return awaitPid(observer, "a session of " + application + " waits behind pid " + pid, "SELECT pid FROM"
                + " pg_stat_activity WHERE application_name = ? AND ? = ANY (pg_blocking_pids(pid))", application, pid);
    }

    /** Waits until {@code query}, with {@code params}, finds a session, and returns its pid. */
    private static int awaitPid(DataSource observer, String what, String query, Object... params) throws Exception {
        int[] pid = new int[1];
        Await.until(what, () -> {
            try (Connection c = observer.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    pid[0] = rs.getInt(1);
                    return true;
                }
            }
        });
        return pid[0];
    }

    /** Ends session {@code pid} and waits until it is gone. */
    public static void terminate(DataSource observer, int pid) throws Exception {
        try (Connection c = observer.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        }
        Await.until("session " + pid + " to end", () -> {
            try (Connection c = observer.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 0;
                }
            }
        });
    }

    /** The outcome of work started in the background: its value, or what it threw, thrown again as it was. */
    public static <T> T outcome(Future<T> work) throws Exception {
        try {
            return work.get(3, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
