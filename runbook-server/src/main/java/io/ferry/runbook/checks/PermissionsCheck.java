package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Permissions;
import io.ferry.runbook.snapshot.Snapshot.SchemaAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code permissions}: can the configured role create in the target schemas (Ferry's, then its
 * {@code search_path}) and alter the tables there (only a table's owner may)? Failing when it cannot create
 * (or reach) a schema; warning for tables it does not own or may not write.
 */
@ApplicationScoped
public class PermissionsCheck implements Check {

    @Override
    public String name() {
        return "permissions";
    }

    @Override
    public int order() {
        return 80;
    }

    @Override
    public CheckResult evaluate(Snapshot snapshot) {
        Permissions p = snapshot.permissions();
        if (p == null) {
            return Show.unknown(snapshot);
        }
        Status status = Status.OK;
        List<String> problems = new ArrayList<>();
        List<String[]> cells = new ArrayList<>();
        for (SchemaAccess s : p.schemas()) {
            String create;
            if (!s.exists()) {
                boolean can = p.superuser() || p.canCreateSchemas();
                create = can ? "schema missing; the role may create it" : "schema missing; the role may not create it";
                if (!can) {
                    status = Status.FAILING;
                    problems.add("may not create schema " + s.schema());
                }
            } else {
                create = s.canUse() && s.canCreate() ? "yes" : "no";
                if (!s.canUse() || !s.canCreate()) {
                    status = Status.FAILING;
                    problems.add("may not " + (s.canUse() ? "create in " : "use ") + s.schema());
                }
            }
            if (!s.notAltered().isEmpty() || !s.notWritable().isEmpty()) {
                status = status.worst(Status.WARNING);
                if (!s.notAltered().isEmpty()) {
                    problems.add("does not own " + s.notAltered().size() + (s.notAltered().size() >= 10 ? "+" : "")
                            + " table(s) in " + s.schema());
                }
                if (!s.notWritable().isEmpty()) {
                    problems.add("may not write " + s.notWritable().size() + (s.notWritable().size() >= 10 ? "+" : "")
                            + " table(s) in " + s.schema());
                }
            }
            cells.add(new String[] {s.schema(), Show.text(s.owner()), create, String.valueOf(s.tables()),
                    String.join(", ", s.notAltered()), String.join(", ", s.notWritable())});
        }
        String who = "role " + p.role() + (p.superuser() ? " (superuser)" : "");
        CheckResult.Builder rows = CheckResult.of(status, problems.isEmpty() ? who + " may create and alter in " + schemas(p)
                        : who + ": " + String.join("; ", problems))
                .columns("schema", "owner", "may create", "tables", "not owned (cannot alter)", "not writable");
        for (String[] row : cells) {
            rows.row(row);
        }
        return rows.build();
    }

    private static String schemas(Permissions p) {
        return String.join(", ", p.schemas().stream().map(SchemaAccess::schema).toList());
    }
}
