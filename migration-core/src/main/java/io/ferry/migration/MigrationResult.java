package io.ferry.migration;

import io.ferry.migration.exec.StepResult;
import io.ferry.migration.graph.Direction;
import java.time.Duration;
import java.util.List;

/**
 * What an upgrade, downgrade or stamp did.
 *
 * @param direction   which way it went (a stamp reports the way its heads moved, upgrade when unsure)
 * @param target      the target as given
 * @param headsBefore the heads the database was at
 * @param headsAfter  the heads it is at now
 * @param steps       each revision run, in order; empty for a stamp or when there was nothing to do
 * @param took        the whole run, lock wait included
 */
public record MigrationResult(Direction direction, String target, List<String> headsBefore, List<String> headsAfter,
                              List<StepResult> steps, Duration took) {

    public MigrationResult {
        headsBefore = List.copyOf(headsBefore);
        headsAfter = List.copyOf(headsAfter);
        steps = List.copyOf(steps);
    }

    /** True when the database was already at the target. */
    public boolean nothingToDo() {
        return steps.isEmpty() && headsBefore.equals(headsAfter);
    }
}
