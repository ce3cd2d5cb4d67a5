package io.ferry.migration.event;

import io.ferry.migration.api.LockHolder;
import io.ferry.migration.graph.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What happens during a run, in order: {@link RunStarted}, lock events, then for each revision
 * {@link RevisionStarted} and {@link RevisionApplied} or {@link RevisionFailed} (with
 * {@link LockTimeoutRetry} in between when a statement had to wait too long for a lock), and last
 * {@link RunFinished}. The set is closed so that listeners can handle every case; modules built on the
 * core publish events of their own, in families of their own.
 */
public sealed interface MigrationEvent {

    /** When the event happened. */
    Instant at();

    /** A run begins: which way, and towards what (before the lock is taken). */
    record RunStarted(Instant at, Direction direction, String target) implements MigrationEvent {
    }

    /** Another session holds the migration lock; Ferry waits for it (repeated while it waits). */
    record LockWaiting(Instant at, Duration waited, Duration limit, Optional<LockHolder> holder)
            implements MigrationEvent {
    }

    /** The migration lock is held now. */
    record LockAcquired(Instant at, Duration waited) implements MigrationEvent {
    }

    /** A revision starts running. */
    record RevisionStarted(Instant at, String revision, Direction direction, String origin, int attempt)
            implements MigrationEvent {
    }

    /**
     * A statement gave up waiting for a lock after {@code lock_timeout}; the revision (or, run statement
     * by statement, the statement) runs again after {@code backoff}.
     *
     * @param attempt     the attempt that gave up, from 1
     * @param maxAttempts the most attempts there will be, when a retry count caps them; empty when only
     *                    the time budget does
     * @param backoff     the pause before the next attempt
     * @param budgetLeft  how much of the lock-retry budget is left now: further attempts start only
     *                    within it
     */
    record LockTimeoutRetry(Instant at, String revision, int attempt, OptionalInt maxAttempts, Duration backoff,
                            Duration budgetLeft, int line, String error) implements MigrationEvent {
    }

    /** A revision ran to the end and its history rows are committed. */
    record RevisionApplied(Instant at, String revision, Direction direction, Duration took)
            implements MigrationEvent {
    }

    /** A revision failed; the run stops. */
    record RevisionFailed(Instant at, String revision, Direction direction, String error, String origin,
                          int line) implements MigrationEvent {
    }

    /** A run ends, successfully or not, with the heads the database is at now. */
    record RunFinished(Instant at, boolean success, int revisionsRun, List<String> heads, Duration took)
            implements MigrationEvent {
    }
}
