package io.ferry.runbook.testing;

import io.ferry.migration.testing.Backends;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Two sessions of a test, one waiting for the other: the holder locks a table {@code ACCESS EXCLUSIVE} in an
 * open transaction, then the waiter starts reading it in the background and queues behind the lock. Closing
 * ends the holder's transaction, waits for the read to finish, and closes both sessions.
 */
public final class LockWait implements AutoCloseable {

    /** Opens a session of the test's database named {@code application} in {@code pg_stat_activity}. */
    @FunctionalInterface
    public interface Sessions {
        Connection connect(String application) throws SQLException;
    }

    private final Connection holder;
    private final Connection waiter;
    private final int holderPid;
    private final int waiterPid;
    private CompletableFuture<Void> reading;

    private LockWait(Connection holder, Connection waiter) throws SQLException {
        this.holder = holder;
        this.waiter = waiter;
        this.holderPid = Backends.pid(holder);
        this.waiterPid = Backends.pid(waiter);
    }

    /** Locks {@code table} from a session named {@code holderApplication}, and reads it from {@code waiterApplication}. */
    public static LockWait on(Sessions sessions, String table, String holderApplication, String waiterApplication)
            throws SQLException {
        Connection holder = sessions.connect(holderApplication);
        Connection waiter;
        try {
            waiter = sessions.connect(waiterApplication);
        } catch (SQLException | RuntimeException e) {
            holder.close();
            throw e;
        }
        LockWait wait = new LockWait(holder, waiter);
        try {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            }
            wait.reading = CompletableFuture.runAsync(() -> {
                try (Statement s = waiter.createStatement()) {
                    s.executeQuery("SELECT count(*) FROM " + table).close();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (SQLException | RuntimeException e) {
            wait.close();
            throw e;
        }
        return wait;
    }

    public int holderPid() {
        return holderPid;
    }

    public int waiterPid() {
        return waiterPid;
    }

    @Override
    public void close() throws SQLException {
        try (holder; waiter) {
            holder.rollback();
            if (reading != null) {
                reading.get(1, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new SQLException("the waiting read did not end once the lock was released: " + e, e);
        }
    }
}
