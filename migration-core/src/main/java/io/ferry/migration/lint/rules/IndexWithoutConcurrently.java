package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.QualifiedName;
import io.ferry.migration.sql.SqlTokens;

/**
 * {@code CREATE INDEX} without {@code CONCURRENTLY} on a table that exists: it holds a SHARE lock, which blocks
 * every INSERT, UPDATE and DELETE on the table until the index is built.
 */
public final class IndexWithoutConcurrently implements LintRule {

    @Override
    public String id() {
        return "index-without-concurrently";
    }

    @Override
    public String title() {
        return "CREATE INDEX without CONCURRENTLY on an existing table blocks its writes while it builds";
    }

    @Override
    public String fix() {
        return "CREATE INDEX CONCURRENTLY in a revision of its own marked -- ferry:transactional false";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public boolean sizeAware() {
        return true;
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        int i = 1;
        if (!s.is(0, "create")) {
            return;
        }
        if (s.is(i, "unique")) {
            i++;
        }
        if (!s.is(i, "index") || s.is(i + 1, "concurrently")) {
            return;
        }
        int on = s.findTop("on");
        if (on < 0) {
            return;
        }
        int at = s.is(on + 1, "only") ? on + 2 : on + 1;
        QualifiedName table = s.name(at).orElse(null);
        if (table == null || !context.existing(table)) {
            return;
        }
        context.report(context.bySize(table), s.get(0), "builds an index on " + context.describe(table)
                + " without CONCURRENTLY: writes to the table wait until it is built");
    }
}
