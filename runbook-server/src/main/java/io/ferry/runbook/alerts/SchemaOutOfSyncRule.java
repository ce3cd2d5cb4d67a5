package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Rules;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.runbook.snapshot.Snapshot.ChangedFile;
import io.ferry.runbook.snapshot.Snapshot.Migrations;
import io.ferry.runbook.snapshot.Snapshot.SchemaDrift;
import io.ferry.runbook.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code schema-out-of-sync} (warning), one per database: an applied revision's file was edited or is gone, or the
 * database is at revisions no file defines, or the last drift check found the schema other than the applied revisions
 * produce (its differences in the details). Resolves when the files and the history agree again and the drift check
 * finds no drift. Its runbook is {@code checksum-mismatch} when a file was edited, else
 * {@code unknown-applied-revision}, else (drift alone) the alerts procedure's {@code schema-out-of-sync}. Its start
 * is when this server first saw the condition ({@link Alert#startObserved}).
 */
final class SchemaOutOfSyncRule extends NamedRule {

    SchemaOutOfSyncRule() {
        super(Rules.SCHEMA_OUT_OF_SYNC);
    }

    /** The runbook of a drift alone: the schema-out-of-sync section of the alerts procedure. */
    static final String DRIFT_RUNBOOK = "/runbooks/alerts#schema-out-of-sync";

    @Override
    public List<Alert> firing(Snapshot snapshot, RuleContext context, Set<String> active) {
        Migrations m = snapshot.migrations();
        List<ChangedFile> changed = m.drift().changed();
        Set<String> undefined = new TreeSet<>(m.drift().missing());
        undefined.addAll(m.unknown());
        SchemaDrift schema = snapshot.schemaDrift();
        List<String> differences = new ArrayList<>(schema.differences());
        schema.invalidIndexes().forEach(i -> differences.add("index " + i.index() + " is invalid: " + i.fix()));
        boolean drift = schema.found();
        if (changed.isEmpty() && undefined.isEmpty() && !drift) {
            return List.of();
        }
        List<String> edited = changed.stream().map(c -> c.revision() + " (" + c.file() + ")").toList();
        StringBuilder summary = new StringBuilder("Schema out of sync on ").append(context.database()).append(":");
        String sep = "";
        if (!changed.isEmpty()) {
            summary.append(" applied ").append(changed.size() == 1 ? "file" : "files").append(" edited: ")
                    .append(String.join(", ", edited));
            sep = ";";
        }
        if (!undefined.isEmpty()) {
            summary.append(sep).append(" applied revisions no file defines: ").append(String.join(", ", undefined));
            sep = ";";
        }
        if (drift) {
            summary.append(sep).append(" the schema differs from what the applied revisions produce: ")
                    .append(String.join(", ", differences));
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("current", m.current());
        facts.put("target", m.heads());
        facts.put("edited", edited);
        facts.put("undefined", List.copyOf(undefined));
        if (drift) {
            facts.put("differences", List.copyOf(differences));
        }
        String runbook;
        if (!changed.isEmpty() || !undefined.isEmpty()) {
            MigrationErrorCode code = changed.isEmpty() ? MigrationErrorCode.UNKNOWN_APPLIED_REVISION
                    : MigrationErrorCode.CHECKSUM_MISMATCH;
            facts.put("code", code.id());
            runbook = RuleContext.section(code);
        } else {
            runbook = DRIFT_RUNBOOK;
        }
        // No record says when a file was edited or the schema drifted: the start is when this server saw it, which
        // another replica would see at another time, so the delivery ids leave it out.
        return List.of(alert(context, context.database(), summary.toString(), facts, runbook,
                snapshot.generatedAt()).observedStart());
    }
}
