package io.ferry.runbook.checks;

import io.ferry.runbook.snapshot.Snapshot;

/**
 * A live, read-only check: a question an on-call engineer asks (does the database answer? who blocks
 * whom?) answered from the {@link Snapshot}. A check runs no query of its own, so evaluating it is cheap
 * and never waits for the database; the snapshot's refresh reads everything once.
 *
 * <p>To add one, write an {@code @ApplicationScoped} class implementing this interface: CDI finds it, and
 * {@code /api/status} and the runbook pages ({@code ferry-check NAME}) show it. See docs/server.md.
 */
public interface Check {

    /** The check's name in {@code /api/status}'s {@code checks} and in {@code ferry-check NAME} blocks: lower-case, dashes. */
    String name();

    /** Where it comes in {@code /api/status}: the built-in checks use 10, 20, ...; then by name. */
    default int order() {
        return 1000;
    }

    /** The answer, from the snapshot alone; never throws for a state of the database (unreachable, ...). */
    CheckResult evaluate(Snapshot snapshot);
}
