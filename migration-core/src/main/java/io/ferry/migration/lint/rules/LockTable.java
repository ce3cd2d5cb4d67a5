package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.SqlTokens;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code LOCK TABLE} in a migration: the lock (ACCESS EXCLUSIVE unless a mode is given) is held until the
 * migration's transaction ends, so everything the revision does after it runs with the table locked.
 */
public final class LockTable implements LintRule {

    @Override
    public String id() {
        return "lock-table";
    }

    @Override
    public String title() {
        return "LOCK TABLE holds its lock until the migration's transaction ends";
    }

    @Override
    public String fix() {
        return "let each statement take the lock it needs; if an explicit lock is needed, use the weakest mode that"
                + " works, just before the statements that need it";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        if (!s.is(0, "lock")) {
            return;
        }
        int i = s.is(1, "table") ? 2 : 1;
        int in = s.findTop("in");
        int mode = in < 0 ? -1 : s.find(in + 1, s.size(), 0, "mode");
        List<TargetNames.Target> tables = TargetNames.list(s, i, in < 0 ? s.size() : in).stream()
                .filter(t -> context.existing(t.name())).toList();
        if (tables.isEmpty()) {
            return;
        }
        String lock = mode < 0 ? "ACCESS EXCLUSIVE" : s.text(in + 1, mode).toUpperCase(Locale.ROOT);
        context.report(Severity.WARNING, s.get(0), "locks " + tables.stream().map(t -> context.describe(t.name()))
                .collect(Collectors.joining(", ")) + " in " + lock + " mode until the migration commits;"
                + " the migration's lock_timeout still applies while it waits for the lock");
    }
}
