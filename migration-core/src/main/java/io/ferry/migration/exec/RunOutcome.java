package io.ferry.migration.exec;

import java.util.List;
import java.util.Optional;

/**
 * How a run of the {@link Executor} ended.
 *
 * @param steps   the steps that ran, in order; after a failure, those that ran before it
 * @param failure what stopped the run, if something did: a step that failed (recorded in the history as a
 *                failure, its exception saying what of it stays applied), a lost lock, a revision an
 *                earlier run left half done, ...
 */
public record RunOutcome(List<StepResult> steps, Optional<RuntimeException> failure) {

    public RunOutcome {
        steps = List.copyOf(steps);
    }

    static RunOutcome completed(List<StepResult> steps) {
        return new RunOutcome(steps, Optional.empty());
    }

    static RunOutcome failed(List<StepResult> steps, RuntimeException failure) {
        return new RunOutcome(steps, Optional.of(failure));
    }

    /** True when every step ran. */
    public boolean succeeded() {
        return failure.isEmpty();
    }
}
