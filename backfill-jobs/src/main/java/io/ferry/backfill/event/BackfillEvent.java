package io.ferry.backfill.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happens during a backfill, in order: {@link Started}, a {@link Progress} per batch (with
 * {@link Retry} in between when a batch gave up on a lock or a timeout), and last {@link Finished} or
 * {@link Failed}. The set is closed so that listeners can handle every case. A migration's events are
 * another family, the core's {@code MigrationEvent}: a listener that wants both subscribes to both.
 */
public sealed interface BackfillEvent {

    /** When the event happened. */
    Instant at();

    /** The job's name. */
    String job();

    /**
     * A backfill begins (after its job lock is taken, for a real run).
     *
     * @param runId         the run's row in {@code ferry_backfill_runs}; 0 for a dry run, which records nothing
     * @param resumedFrom   the checkpoint a resumed run continues after; empty when it starts at the beginning
     * @param estimatedRows about how many rows the job will scan, for progress; empty when unknown
     */
    record Started(Instant at, String job, long runId, boolean dryRun, Optional<List<String>> resumedFrom,
                   Optional<Long> estimatedRows) implements BackfillEvent {
    }

    /** A batch is done (committed, for a real run): its figures and the totals of this run so far. */
    record Progress(Instant at, String job, long runId, boolean dryRun, int batch, int batchSize,
                    long batchScanned, long batchChanged, Duration batchTook, long rowsScanned,
                    long rowsChanged, Optional<Long> estimatedRows, List<String> cursor) implements BackfillEvent {
    }

    /** A batch gave up (a lock or statement timeout) and was rolled back; it runs again, smaller. */
    record Retry(Instant at, String job, int attempt, int maxAttempts, int nextBatchSize, Duration backoff,
                 String error) implements BackfillEvent {
    }

    /** A backfill ends without error: {@code succeeded}, or {@code paused} when it was asked to stop. */
    record Finished(Instant at, String job, long runId, boolean dryRun, String state, long rowsScanned,
                    long rowsChanged, int batches, Duration took) implements BackfillEvent {
    }

    /** A backfill failed; what was committed before stays, and the next run resumes from its checkpoint. */
    record Failed(Instant at, String job, long runId, String error) implements BackfillEvent {
    }
}
