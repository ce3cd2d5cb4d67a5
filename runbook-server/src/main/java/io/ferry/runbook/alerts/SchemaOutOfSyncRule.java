package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Rules;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.runbook.snapshot.Snapshot.ChangedFile;
import io.ferry.runbook.snapshot.Snapshot.Migrations;
import io.ferry.runbook.snapshot.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code schema-out-of-sync} (warning), one per database: an applied revision's file was edited or is gone, or the
 * database is at revisions no file defines. Resolves when the files and the history agree again. Its runbook is
 * {@code checksum-mismatch} when a file was edited, else {@code unknown-applied-revision}.
 */
final class SchemaOutOfSyncRule extends NamedRule {

    SchemaOutOfSyncRule() {
        super(Rules.SCHEMA_OUT_OF_SYNC);
    }

    @Override
    public List<Alert> firing(Snapshot snapshot, RuleContext context, Set<String> active) {
        Migrations m = snapshot.migrations();
        List<ChangedFile> changed = m.drift().changed();
        Set<String> undefined = new TreeSet<>(m.drift().missing());
        undefined.addAll(m.unknown());
        if (changed.isEmpty() && undefined.isEmpty()) {
            return List.of();
        }
        List<String> edited = changed.stream().map(c -> c.revision() + " (" + c.file() + ")").toList();
        StringBuilder summary = new StringBuilder("Schema out of sync on ").append(context.database()).append(":");
        if (!changed.isEmpty()) {
            summary.append(" applied ").append(changed.size() == 1 ? "file" : "files").append(" edited: ")
                    .append(String.join(", ", edited));
        }
        if (!undefined.isEmpty()) {
            summary.append(changed.isEmpty() ? "" : ";").append(" applied revisions no file defines: ")
                    .append(String.join(", ", undefined));
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("current", m.current());
        facts.put("target", m.heads());
        facts.put("edited", edited);
        facts.put("undefined", List.copyOf(undefined));
        MigrationErrorCode code = changed.isEmpty() ? MigrationErrorCode.UNKNOWN_APPLIED_REVISION
                : MigrationErrorCode.CHECKSUM_MISMATCH;
        facts.put("code", code.id());
        return List.of(alert(context, context.database(), summary.toString(), facts,
                RuleContext.section(code), snapshot.generatedAt()));
    }
}
