package io.ferry.backfill;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A row of {@code ferry_backfill_runs}: one run of a job, from its start to its end, across however many
 * processes it took (each resume is one more {@code attempt}). Counts are totals over all of them.
 *
 * @param parameters  the job's definition and the run's settings, as JSON
 * @param interrupted true when the row says {@code running} but no process holds the job's lock: the
 *                    process died, and the next run resumes from the checkpoint
 * @param recent      the figures of the last few batches, newest first
 */
public record RunRecord(long id, String job, String parameters, String startedBy, Instant startedAt,
                        Instant updatedAt, Optional<Instant> endedAt, RunState state, Optional<List<String>> cursor,
                        long rowsScanned, long rowsChanged, int batches, int attempts, Optional<String> error,
                        boolean interrupted, List<BatchReport> recent) {

    /** {@code interrupted} for a dead run, otherwise the state's column value. */
    public String displayState() {
        return interrupted ? "interrupted" : state.column();
    }
}
