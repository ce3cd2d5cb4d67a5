package io.ferry.migration.exec;

import io.ferry.migration.graph.Direction;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.spi.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a project runs around Ferry's own work, on the connection doing it: before and after a run and each
 * of its steps, and at the events of commands that run no steps (validate, and Flyway's info, baseline,
 * ...). A Flyway project runs its callbacks there; a native project runs nothing ({@link #NONE}). Every
 * method leaves transaction control to the caller.
 */
public interface RunHooks {

    /** Runs nothing, ever: a native project's hooks. */
    RunHooks NONE = new RunHooks() {
    };

    /** Runs what the project defines for an event (Flyway's {@code beforeValidate} and the like). */
    default void callbacks(Connection c, Event event) throws SQLException {
    }

    /**
     * Splits, before a run in this direction executes anything, the SQL it may run besides its steps, so
     * that a malformed file stops it first.
     */
    default void splitCallbacks(Direction direction) {
    }

    /** Called on the run's connection before the first step (and when there is none). */
    default void beforeRun(Connection c, Plan plan) throws SQLException {
    }

    /** Called before a step's statements, in its transaction when it has one. */
    default void beforeStep(Connection c, PlannedStep step) throws SQLException {
    }

    /** Called after a step's statements succeeded, in its transaction when it has one. */
    default void afterStep(Connection c, PlannedStep step, List<PlannedStep> remaining) throws SQLException {
    }

    /** Called after a step failed and was rolled back. */
    default void afterStepError(Connection c, PlannedStep step) throws SQLException {
    }

    /** Called when the run ends: {@code applied} steps ran, and it succeeded or not. */
    default void afterRun(Connection c, Plan plan, boolean success, int applied) throws SQLException {
    }
}
