package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Rules;
import io.ferry.backfill.BackfillErrorCode;
import io.ferry.runbook.snapshot.Snapshot.Backfill;
import io.ferry.runbook.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code backfill-failed} (error), one per job: its newest run ended {@code failed}, whoever ran it. A run started
 * after it (running, paused, interrupted, cancelled) keeps the alert firing until one succeeds; a job no longer
 * declared resolves it.
 */
final class BackfillFailedRule extends NamedRule {

    /** The states of a run after the failed one that has not succeeded yet. */
    private static final Set<String> UNFINISHED = Set.of("running", "paused", "interrupted", "cancelled");

    BackfillFailedRule() {
        super(Rules.BACKFILL_FAILED);
    }

    @Override
    public List<Alert> firing(Snapshot snapshot, RuleContext context, Set<String> active) {
        List<Alert> firing = new ArrayList<>();
        for (Backfill job : snapshot.backfills()) {
            Alert alert = failed(job, context);
            if (job.state().equals("failed") || UNFINISHED.contains(job.state()) && active.contains(alert.key())) {
                firing.add(alert);
            }
        }
        return firing;
    }

    private Alert failed(Backfill job, RuleContext context) {
        Map<String, Object> facts = BackfillFacts.of(job);
        return alert(context, job.job(), "Backfill " + job.job() + " failed on " + context.database()
                        + (job.error() == null ? "" : ": " + job.error()), facts,
                RuleContext.section(BackfillErrorCode.BACKFILL_FAILED),
                job.endedAt() != null ? job.endedAt() : job.updatedAt());
    }
}
