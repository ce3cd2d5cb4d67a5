package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Rules;
import io.ferry.migration.api.Durations;
import io.ferry.runbook.snapshot.Snapshot.Backfill;
import io.ferry.runbook.snapshot.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code backfill-stalled} (warning), one per job: a run that has not ended ({@code running}, or
 * {@code interrupted}: its process died) has made no progress for {@link RuleContext#stalledAfter()}. Its last
 * progress is the run record's {@code updated_at}, which every batch's checkpoint moves. Resolves when progress
 * resumes or the run ends.
 */
final class BackfillStalledRule extends NamedRule {

    /** The procedure's section on watching a run; there is no section per code for a stall. */
    static final String RUNBOOK = "/runbooks/backfills-safely#during-the-run";

    BackfillStalledRule() {
        super(Rules.BACKFILL_STALLED);
    }

    @Override
    public List<Alert> firing(Snapshot snapshot, RuleContext context, Set<String> active) {
        List<Alert> firing = new ArrayList<>();
        for (Backfill job : snapshot.backfills()) {
            boolean unfinished = job.state().equals("running") || job.state().equals("interrupted");
            if (!unfinished || job.updatedAt() == null) {
                continue;
            }
            Duration silent = Duration.between(job.updatedAt(), snapshot.generatedAt()).withNanos(0);
            if (silent.compareTo(context.stalledAfter()) >= 0) {
                Map<String, Object> facts = BackfillFacts.of(job);
                facts.put("silentFor", Durations.format(silent));
                facts.put("threshold", Durations.format(context.stalledAfter()));
                firing.add(alert(context, job.job(), "Backfill " + job.job() + " on "
                        + context.database() + " has made no progress for " + Durations.format(silent) + " ("
                        + job.state() + ", " + job.rowsScanned() + " rows walked)", facts, RUNBOOK, job.updatedAt()));
            }
        }
        return firing;
    }
}
