package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.SqlTokens;
import io.ferry.migration.lint.CreateTable;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code CREATE} that fails when it runs a second time: without {@code IF NOT EXISTS} where the kind of object
 * accepts it, or without {@code OR REPLACE} for functions, procedures, views and triggers. Off by default: Ferry's
 * history already keeps a revision from running twice; teams whose runbooks ask for idempotent scripts turn it on
 * in {@code ferry.yaml} ({@code lint: {rules: {idempotent-create: warning}}}).
 */
public final class IdempotentCreate implements LintRule {

    /** The kinds of object whose CREATE accepts IF NOT EXISTS. */
    private static final Set<String> IF_NOT_EXISTS = Set.of("table", "index", "schema", "sequence", "extension",
            "materialized view", "foreign table", "server");

    /** The kinds of object whose CREATE accepts OR REPLACE. */
    private static final Set<String> OR_REPLACE = Set.of("function", "procedure", "view", "trigger");

    @Override
    public String id() {
        return "idempotent-create";
    }

    @Override
    public String title() {
        return "CREATE without IF NOT EXISTS or OR REPLACE fails when run twice (off by default: Ferry's history"
                + " already keeps a revision from running twice; turn it on in ferry.yaml)";
    }

    @Override
    public String fix() {
        return "CREATE ... IF NOT EXISTS, or CREATE OR REPLACE for functions, procedures, views and triggers";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public boolean enabledByDefault() {
        return false;
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        if (!s.is(0, "create")) {
            return;
        }
        Optional<CreateTable> table = CreateTable.of(s);
        if (table.isPresent()) {
            if (!table.get().temporary() && !table.get().ifNotExists()) {
                withoutIfNotExists(s, context, "TABLE");
            }
            return; // a temporary table is made again by every session anyway
        }
        boolean orReplace = s.matches(1, "or", "replace");
        int i = orReplace ? 3 : 1;
        boolean temporary = false;
        while (s.is(i, "global") || s.is(i, "local") || s.is(i, "temp") || s.is(i, "temporary")
                || s.is(i, "unlogged") || s.is(i, "unique") || s.is(i, "recursive") || s.is(i, "constraint")) {
            temporary |= s.is(i, "temp") || s.is(i, "temporary");
            i++;
        }
        String kind;
        if (s.matches(i, "materialized", "view") || s.matches(i, "foreign", "table")) {
            kind = s.get(i).value() + " " + s.get(i + 1).value();
            i += 2;
        } else {
            kind = s.get(i) == null ? "" : s.get(i).value();
            i++;
        }
        if (s.is(i, "concurrently")) {
            i++;
        }
        String upper = kind.toUpperCase(Locale.ROOT);
        if (temporary) {
            return; // a temporary object is made again by every session anyway
        }
        if (IF_NOT_EXISTS.contains(kind) && !s.matches(i, "if", "not", "exists")) {
            withoutIfNotExists(s, context, upper);
        } else if (OR_REPLACE.contains(kind) && !orReplace) {
            context.report(Severity.WARNING, s.get(0), "CREATE " + upper + " without OR REPLACE fails if the"
                    + " statement runs again", "CREATE OR REPLACE " + upper);
        }
    }

    private static void withoutIfNotExists(SqlTokens s, LintContext context, String kind) {
        context.report(Severity.WARNING, s.get(0), "CREATE " + kind + " without IF NOT EXISTS fails if the statement"
                + " runs again", "CREATE " + kind + " IF NOT EXISTS");
    }
}
