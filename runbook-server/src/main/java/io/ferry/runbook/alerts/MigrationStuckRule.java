package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Rules;
import io.ferry.migration.api.Durations;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.runbook.snapshot.Snapshot.Lock;
import io.ferry.runbook.snapshot.Snapshot.Partial;
import io.ferry.runbook.snapshot.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code migration-stuck} (critical): the migration lock held longer than {@link RuleContext#stuckAfter()} (one per
 * database, resolved once the lock is free), and a revision run statement by statement left part-applied (one per
 * revision, resolved once a run finishes it or it is resolved by hand). The lock's start is when this server's
 * snapshots first saw it held ({@link Lock#heldSince()}), which differs between replicas, so it is an observed start
 * ({@link Alert#startObserved}); the part-applied revision's is the failed attempt's recorded start.
 */
final class MigrationStuckRule extends NamedRule {

    /** The procedure for a held lock; the runbooks have no section per code for it. */
    static final String LOCK_RUNBOOK = "/runbooks/stuck-migration#steps";

    MigrationStuckRule() {
        super(Rules.MIGRATION_STUCK);
    }

    @Override
    public List<Alert> firing(Snapshot snapshot, RuleContext context, Set<String> active) {
        List<Alert> firing = new ArrayList<>();
        Lock lock = snapshot.migrations().lock();
        if (lock != null && lock.heldSince() != null) {
            Duration held = Duration.between(lock.heldSince(), snapshot.generatedAt());
            if (held.compareTo(context.stuckAfter()) >= 0) {
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("pid", lock.pid());
                facts.put("user", lock.user());
                facts.put("application", lock.application());
                facts.put("since", lock.heldSince());
                facts.put("heldFor", Durations.format(held.withNanos(0)));
                facts.put("threshold", Durations.format(context.stuckAfter()));
                facts.put("current", snapshot.migrations().current());
                facts.put("target", snapshot.migrations().heads());
                firing.add(alert(context, context.database(), "Migration lock on "
                        + context.database() + " held for " + Durations.format(held.withNanos(0)) + " by pid "
                        + lock.pid() + " (" + lock.user() + (lock.application() == null ? "" : ", " + lock.application())
                        + ")", facts, LOCK_RUNBOOK, lock.heldSince()).observedStart());
            }
        }
        Partial partial = snapshot.migrations().partial();
        if (partial != null) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("revision", partial.revision());
            facts.put("action", partial.action());
            facts.put("statementsDone", partial.done());
            facts.put("statementsTotal", partial.total());
            facts.put("error", partial.error());
            facts.put("failedAt", partial.at());
            firing.add(alert(context, partial.revision(), "Revision " + partial.revision() + " on "
                    + context.database() + " is part-applied: statements 1 to " + partial.done() + " of "
                    + partial.total() + " stay applied", facts, RuleContext.section(MigrationErrorCode.PARTIALLY_APPLIED),
                    partial.at()));
        }
        return firing;
    }
}
