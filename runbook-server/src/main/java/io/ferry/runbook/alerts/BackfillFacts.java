package io.ferry.runbook.alerts;

import io.ferry.runbook.snapshot.Snapshot.Backfill;
import java.util.LinkedHashMap;
import java.util.Map;

/** A backfill job's newest run as alert details: the job, the run and its progress. */
final class BackfillFacts {

    private BackfillFacts() {
    }

    static Map<String, Object> of(Backfill job) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("job", job.job());
        facts.put("type", job.type());
        facts.put("state", job.state());
        facts.put("runId", job.runId());
        facts.put("rowsScanned", job.rowsScanned());
        facts.put("rowsChanged", job.rowsChanged());
        facts.put("batches", job.batches());
        facts.put("error", job.error());
        facts.put("startedAt", job.startedAt());
        facts.put("lastProgressAt", job.updatedAt());
        facts.put("endedAt", job.endedAt());
        return facts;
    }
}
