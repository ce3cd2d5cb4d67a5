package io.ferry.cli.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ferry.backfill.RunRecord;
import io.ferry.backfill.RunResult;
import io.ferry.backfill.Sample;
import java.util.List;
import java.util.Map;

/**
 * {@code backfill run}: what one job did, or would do.
 *
 * @param runId        null for a dry run, which records nothing
 * @param batchDetails only for a dry run: every batch
 * @param samples      only for a dry run: rows it would change, before and after
 * @param total        only for a real run: the run's totals across every invocation
 */
public record BackfillRunJson(String job, boolean dryRun, long rowsScanned, long rowsChanged, int batches,
                              long durationMs, String state, Long runId, List<String> resumedFrom,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<BatchJson> batchDetails,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<SampleJson> samples,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Total total) {

    /** A row a dry run would change: its key, and the changed columns before and after. */
    public record SampleJson(String action, Map<String, String> key, Map<String, String> before,
                             Map<String, String> after) {
        static SampleJson of(Sample s) {
            return new SampleJson(s.action().column(), s.key(), s.before(), s.after());
        }
    }

    /** The run's totals so far. */
    public record Total(long rowsScanned, long rowsChanged, int batches, int attempts, List<String> cursor) {
        static Total of(RunRecord t) {
            return new Total(t.rowsScanned(), t.rowsChanged(), t.batches(), t.attempts(), t.cursor().orElse(null));
        }
    }

    public static BackfillRunJson of(RunResult r) {
        return new BackfillRunJson(r.job(), r.dryRun(), r.rowsScanned(), r.rowsChanged(), r.batches(),
                r.duration().toMillis(), r.state().column(), r.dryRun() ? null : r.runId(),
                r.resumedFrom().orElse(null),
                r.dryRun() ? r.reports().stream().map(BatchJson::of).toList() : null,
                r.dryRun() ? r.samples().stream().map(SampleJson::of).toList() : null,
                r.total().map(Total::of).orElse(null));
    }
}
