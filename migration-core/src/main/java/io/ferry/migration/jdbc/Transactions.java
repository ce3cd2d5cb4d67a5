package io.ferry.migration.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work that commits whole or not at all. */
public final class Transactions {

    private Transactions() {
    }

    /** Work done on a connection inside {@link #run}. */
    @FunctionalInterface
    public interface Work {
        void run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws, and leaves
     * the connection's autocommit as it found it.
     */
    public static void run(Connection c, Work work) throws SQLException {
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
            try {
                c.setAutoCommit(autoCommit);
            } catch (SQLException restoreFailed) {
                e.addSuppressed(restoreFailed); // the work's failure is the one to report
            }
            throw e;
        }
        c.setAutoCommit(autoCommit);
    }
}
