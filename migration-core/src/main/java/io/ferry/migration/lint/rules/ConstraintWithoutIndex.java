package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.SqlTokens.Range;
import io.ferry.migration.sql.SqlTokens;

/**
 * {@code ALTER TABLE ... ADD [CONSTRAINT n] PRIMARY KEY | UNIQUE (...)} on a table that exists without
 * {@code USING INDEX name} ({@code USING INDEX TABLESPACE} still builds one), or a column added with
 * {@code PRIMARY KEY} or {@code UNIQUE}: PostgreSQL builds the index inside the ALTER, under an ACCESS EXCLUSIVE
 * lock, so reads and writes of the table wait until it is built.
 */
public final class ConstraintWithoutIndex implements AlterTableRule, SizeAwareRule {

    @Override
    public String id() {
        return "constraint-without-index";
    }

    @Override
    public String title() {
        return "A primary key or unique constraint added without an index built concurrently first locks the table"
                + " while it builds";
    }

    @Override
    public String fix() {
        return "CREATE UNIQUE INDEX CONCURRENTLY in a revision of its own, then ADD CONSTRAINT name UNIQUE USING INDEX"
                + " (or PRIMARY KEY USING INDEX, on NOT NULL columns)";
    }

    @Override
    public void check(AlterTable alter, Range action, LintContext context) {
        SqlTokens s = alter.s();
        int at = alter.addedConstraint(action);
        if (at < 0 && alter.addedColumn(action) >= 0) {
            int primary = alter.find(action, "primary", "key");
            at = primary >= 0 ? primary : alter.find(action, "unique");
        } else if (at >= 0 && !(s.is(at, "primary") || s.is(at, "unique"))) {
            at = -1;
        }
        int using = alter.find(action, "using", "index");
        if (at < 0 || (using >= 0 && !s.is(using + 2, "tablespace"))) {
            return; // USING INDEX name adopts an index; USING INDEX TABLESPACE only says where to build one
        }
        String kind = s.is(at, "primary") ? "a primary key" : "a unique constraint";
        context.report(context.bySize(alter.table()), s.get(at), "adds " + kind + " to "
                + context.describe(alter.table()) + ", building its index under an ACCESS EXCLUSIVE lock:"
                + " reads and writes wait until it is built");
    }
}
