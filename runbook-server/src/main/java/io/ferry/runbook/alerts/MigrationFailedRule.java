package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Rules;
import io.ferry.runbook.snapshot.Snapshot.Failure;
import io.ferry.runbook.snapshot.Snapshot.Migrations;
import io.ferry.runbook.snapshot.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code migration-failed} (critical): the newest migration failure nothing has put right, whoever ran it: this
 * server's own run, {@code ferry upgrade} in a deploy pipeline, another replica (the snapshot's last failure merges
 * the history's with the server's own). It resolves once a later attempt succeeds or the database is at the heads.
 * Keyed by the failed revision, or by the target when the failure names none (a refused connection).
 */
final class MigrationFailedRule extends NamedRule {

    MigrationFailedRule() {
        super(Rules.MIGRATION_FAILED);
    }

    @Override
    public List<Alert> firing(Snapshot snapshot, RuleContext context, Set<String> active) {
        Migrations m = snapshot.migrations();
        Failure f = m.lastFailure();
        if (f == null || atHeads(m) || m.history().stream().anyMatch(r -> r.success() && r.at().isAfter(f.at()))) {
            return List.of();
        }
        String target = m.heads().isEmpty() ? "head" : String.join(",", m.heads());
        String subject = f.revision() != null ? f.revision() : target;
        String what = f.revision() != null ? "revision " + f.revision() : "the migration run to " + target;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("current", m.current());
        facts.put("target", m.heads());
        facts.put("revision", f.revision());
        facts.put("code", f.code());
        facts.put("message", f.message());
        facts.put("hint", f.hint());
        facts.put("failedAt", f.at());
        return List.of(alert(context, subject, "Migration failed on " + context.database() + ": "
                + what + " (" + f.code() + "): " + f.message(), facts, f.runbook(), f.at()));
    }

    /** Nothing left to apply and no unknown head: whatever failed, the database is where the files say. */
    private static boolean atHeads(Migrations m) {
        return m.pending().isEmpty() && m.unknown().isEmpty();
    }
}
