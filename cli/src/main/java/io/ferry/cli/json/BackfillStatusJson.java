package io.ferry.cli.json;

import io.ferry.backfill.BatchReport;
import io.ferry.backfill.JobStatus;
import io.ferry.backfill.RunRecord;
import io.ferry.migration.api.LockHolder;
import java.util.List;

/**
 * {@code backfill status}: one declared job, the process running it now if any, and its newest run.
 *
 * @param runningIn the session holding the job's lock, or null
 * @param lastRun   null when the job never ran
 */
public record BackfillStatusJson(String job, String type, boolean running, RunningIn runningIn, LastRun lastRun) {

    public record RunningIn(int pid, String user, String since) {
        static RunningIn of(LockHolder h) {
            return new RunningIn(h.pid(), h.user(), h.since().toString());
        }
    }

    /**
     * @param state         the run's state, or {@code interrupted} when its process died
     * @param rowsPerSecond rows scanned per second over the recent batches' own time; null before any
     * @param recentBatches the last few batches, newest first
     */
    public record LastRun(long runId, String state, long rowsScanned, long rowsChanged, int batches, int attempts,
                          List<String> cursor, String startedBy, String startedAt, String updatedAt, String endedAt,
                          String error, Long rowsPerSecond, List<BatchJson> recentBatches) {
        static LastRun of(RunRecord r) {
            return new LastRun(r.id(), r.displayState(), r.rowsScanned(), r.rowsChanged(), r.batches(), r.attempts(),
                    r.cursor().orElse(null), r.startedBy(), r.startedAt().toString(), r.updatedAt().toString(),
                    r.endedAt().map(Object::toString).orElse(null), r.error().orElse(null),
                    rate(r.recent()), r.recent().stream().map(BatchJson::of).toList());
        }
    }

    public static BackfillStatusJson of(JobStatus s) {
        return new BackfillStatusJson(s.definition().name(), s.definition().type(), s.runningIn().isPresent(),
                s.runningIn().map(RunningIn::of).orElse(null), s.last().map(LastRun::of).orElse(null));
    }

    /** Rows scanned per second over the batches' own time; null when they took no measurable time. */
    public static Long rate(List<BatchReport> recent) {
        long ms = recent.stream().mapToLong(BatchReport::durationMs).sum();
        long rows = recent.stream().mapToLong(BatchReport::rowsScanned).sum();
        return ms <= 0 ? null : rows * 1000 / ms;
    }
}
