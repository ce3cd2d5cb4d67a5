package io.ferry.migration.history;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.plan.PlannedStep;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a project records which revisions a database is at, and everything done to it: Ferry's own
 * {@code ferry_version} and {@code ferry_history} for native projects, Flyway's
 * {@code flyway_schema_history} (with {@code ferry_history} beside it) for Flyway projects. Every method
 * works on the connection it is given and leaves transaction control to the caller.
 *
 * <p>It only keeps records: what a project runs around a run is its
 * {@link io.ferry.migration.exec.RunHooks}, and the steps it adds to a plan are its
 * {@link io.ferry.migration.plan.PlanCompletion}.
 */
public interface History {

    /** The table that decides what is applied, for messages. */
    String describe();

    /** The advisory lock keys a run must hold: Ferry's own, and any other tool's that shares the table. */
    List<Long> lockKeys();

    /** True when the tables exist. */
    boolean exists(Connection c) throws SQLException;

    /** Creates or upgrades the tables; called under the migration lock, only when something will run. */
    void ensure(Connection c) throws SQLException;

    /** The heads the database is at, as revision ids; empty when nothing is applied. */
    List<String> heads(Connection c) throws SQLException;

    /**
     * The revisions the history says are applied, including ones no file defines any more (that is how
     * {@code validate} finds missing files).
     */
    java.util.Set<String> applied(Connection c) throws SQLException;

    /** The checksum each applied revision had when it was applied. */
    Map<String, String> appliedChecksums(Connection c) throws SQLException;

    /** Records a step that ran, inside the step's own transaction: the new heads and the log row. */
    void recordStep(Connection c, PlannedStep step, NewHistoryEntry entry) throws SQLException;

    /**
     * {@link #recordStep}, only while {@code heldCondition} (an SQL condition: the run still holds the
     * migration lock) is true: false, with nothing recorded, when it is not. A store that can checks the
     * condition in the statement that records the step, in the same round trip.
     */
    default boolean recordStepIfHeld(Connection c, PlannedStep step, NewHistoryEntry entry, String heldCondition)
            throws SQLException {
        if (!holds(c, heldCondition)) {
            return false;
        }
        recordStep(c, step, entry);
        return true;
    }

    /**
     * {@link #recordStepIfHeld} as one statement with its values written in, for a run that sends it in the
     * same round trip as the step's statements (see {@link StepRecord}); empty when this store records the
     * step otherwise, and the run then calls {@link #recordStepIfHeld}. The entry's duration is not used: the
     * row gets the server's time from the start of the step's transaction to the statement.
     */
    default Optional<StepRecord> stepRecord(PlannedStep step, NewHistoryEntry entry, String heldCondition) {
        return Optional.empty();
    }

    /** A step's record as SQL text, and how to read the row count it reports. */
    interface StepRecord {

        /** The statement: it reports one row when it recorded the step, none when it did not. */
        String sql();

        /**
         * What must be run once on the connection, outside the step's transaction, before {@link #sql()} can run
         * there; empty when it stands alone.
         */
        default Optional<Preparation> preparation() {
            return Optional.empty();
        }

        /**
         * What {@code rows}, the statement's count, means, asked in the step's transaction: true when the step
         * was recorded, false when the run no longer holds the lock.
         *
         * @throws SQLException when another run changed the heads meanwhile
         */
        boolean recorded(Connection c, int rows) throws SQLException;
    }

    /**
     * A {@code PREPARE} of the statement a {@link StepRecord} executes, and its name, which its text decides (the
     * same name, the same statement): a connection where the name exists already has it. It lasts as long as the
     * connection, unless a {@code DEALLOCATE} or {@code DISCARD ALL} drops it.
     */
    record Preparation(String name, String sql) {
    }

    /** Evaluates an SQL condition on {@code c}. */
    static boolean holds(Connection c, String condition) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + condition)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Records a failed step, in autocommit, after its transaction (if any) was rolled back. */
    void recordFailure(Connection c, PlannedStep step, NewHistoryEntry entry) throws SQLException;

    /**
     * Records a stamp: the heads move from {@code before} to {@code after}, and the log gets a row for each
     * revision the stamp leaves unapplied ({@code unstamp}: {@code removed}, the heads that are gone and not
     * below the new heads) and for each stamped revision ({@code stamp}).
     */
    void stamp(Connection c, List<String> before, List<String> after, List<String> removed, List<Revision> stamped,
               Instant at) throws SQLException;

    /** The newest log row about a revision. */
    Optional<HistoryEntry> latest(Connection c, String revision) throws SQLException;

    /** Every log row, oldest first. */
    List<HistoryEntry> entries(Connection c) throws SQLException;

    /** The newest failure that no later success of the same revision has put right. */
    Optional<HistoryEntry> lastFailure(Connection c) throws SQLException;

    /** For an offline script: the statements that create or upgrade the tables, given the database now. */
    List<String> offlineSetup(Connection c) throws SQLException;

    /** For an offline script: the statements that record a step, inside its transaction. */
    List<String> offlineRecord(PlannedStep step, Integer statements);
}
