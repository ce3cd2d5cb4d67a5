package io.ferry.migration.plan;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a kind of project adds to the plan its revision graph gives, knowing what the database holds: a
 * Flyway project's repeatable migrations, and the versions it skipped when it runs them out of order. A
 * native project adds nothing ({@link #AS_PLANNED}).
 */
@FunctionalInterface
public interface PlanCompletion {

    /** Adds nothing: a native project's plans are whole as the graph gives them. */
    PlanCompletion AS_PLANNED = (c, plan) -> plan;

    /** The plan with the steps this kind of project adds, read on {@code c}; the plan itself when none. */
    Plan complete(Connection c, Plan plan) throws SQLException;
}
