package io.ferry.backfill;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one invocation of a job did (or, for a dry run, would do). A resumed run reports this piece's
 * figures; {@code total} has the run's totals across its pieces.
 *
 * @param runId       the run's id in {@code ferry_backfill_runs}; 0 for a dry run
 * @param resumedFrom the checkpoint this piece started after, when it resumed an earlier piece
 * @param reports     per batch figures: every batch for a dry run, empty for a real run (kept in the table)
 * @param samples     for a dry run, up to the requested number of rows it would change, before and after
 * @param total       for a real run, the run's totals after this piece
 */
public record RunResult(String job, boolean dryRun, long rowsScanned, long rowsChanged, int batches,
                        Duration duration, RunState state, long runId, Optional<List<String>> resumedFrom,
                        List<BatchReport> reports, List<Sample> samples, Optional<RunRecord> total) {
}
