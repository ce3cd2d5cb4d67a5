package io.ferry.migration.plan;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.graph.Direction;
import java.util.List;

/**
 * What a run would do, computed without changing anything: the ordered steps from the database's
 * current heads to a target. Dry runs and offline SQL are views of a plan.
 */
public record Plan(Direction direction, String target, List<String> headsBefore, List<PlannedStep> steps) {

    public Plan {
        headsBefore = List.copyOf(headsBefore);
        steps = List.copyOf(steps);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * Splits the SQL of every step now, in order, and returns this plan. Reading a project does not split
     * its files (see {@link io.ferry.migration.graph.SqlBody}); whatever is about to run or print a plan
     * calls this first, so that a malformed file, or a statement that cannot run the way its revision
     * runs, stops it before the first step.
     *
     * @throws io.ferry.migration.api.FerryException naming the file and line of the first problem
     */
    public Plan splitStatements() {
        steps.forEach(PlannedStep::statements);
        return this;
    }

    /** The heads the database will be at when every step has run. */
    public List<String> headsAfter() {
        return steps.isEmpty() ? headsBefore : steps.get(steps.size() - 1).headsAfter();
    }
}
