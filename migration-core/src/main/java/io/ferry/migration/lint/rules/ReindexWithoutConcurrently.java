package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.QualifiedName;
import io.ferry.migration.sql.SqlTokens;
import java.util.Locale;

/**
 * {@code REINDEX} without {@code CONCURRENTLY}: it rebuilds the index while holding a SHARE lock on its table
 * (writes wait) and an ACCESS EXCLUSIVE lock on the index (queries that would use it wait). PostgreSQL 12 and
 * later can rebuild concurrently.
 */
public final class ReindexWithoutConcurrently implements SizeAwareRule {

    @Override
    public String id() {
        return "reindex-without-concurrently";
    }

    @Override
    public String title() {
        return "REINDEX without CONCURRENTLY blocks writes to the table while it rebuilds";
    }

    @Override
    public String fix() {
        return "REINDEX ... CONCURRENTLY (PostgreSQL 12+) in a revision marked -- ferry:transactional false";
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        if (!s.is(0, "reindex")) {
            return;
        }
        int i = 1;
        boolean concurrently = false;
        if (s.get(i) != null && s.get(i).isSymbol("(")) {
            concurrently = TargetNames.option(s, i, "concurrently");
            i = s.closing(i) + 1;
        }
        String kind = s.get(i) == null ? "" : s.get(i).value();
        i++;
        if (s.is(i, "concurrently")) {
            concurrently = true;
            i++;
        }
        if (concurrently && !kind.equals("system")) {
            return;
        }
        switch (kind) {
            case "index" -> s.name(i).flatMap(n -> TargetNames.indexOn(context, n)).ifPresent(on ->
                    context.report(on.severity(context), s.get(0), "rebuilds " + on.describe(context)
                            + " without CONCURRENTLY: writes to the table, and queries using the index, wait"));
            case "table" -> {
                QualifiedName table = s.name(i).orElse(null);
                if (table != null && context.existing(table)) {
                    context.report(context.bySize(table), s.get(0), "rebuilds every index of "
                            + context.describe(table) + " without CONCURRENTLY: writes to the table wait");
                }
            }
            case "schema", "database", "system" -> context.report(Severity.WARNING, s.get(0),
                    "REINDEX " + kind.toUpperCase(Locale.ROOT) + " rebuilds the indexes of many tables,"
                            + " blocking writes to each while it works on it",
                    "REINDEX INDEX|TABLE ... CONCURRENTLY for the indexes that need it, outside busy hours");
            default -> {
            }
        }
    }
}
