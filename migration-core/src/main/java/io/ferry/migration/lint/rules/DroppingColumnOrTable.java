package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.QualifiedName;
import io.ferry.migration.sql.SqlTokens.Range;
import io.ferry.migration.sql.SqlTokens;
import java.util.Optional;

/**
 * {@code ALTER TABLE t DROP [COLUMN] [IF EXISTS] c} or {@code DROP TABLE t [, ...]} of tables that exist: the
 * previous release, still running during a blue-green deploy, may read what is dropped, and its data is gone.
 */
public final class DroppingColumnOrTable implements AlterTableRule {

    @Override
    public String id() {
        return "dropping-column-or-table";
    }

    @Override
    public String title() {
        return "Dropping a column or table the previous release may still use";
    }

    @Override
    public String fix() {
        return "drop it only in a release after the one that stopped using it (the rollback guard counts the data"
                + " lost when it runs)";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(AlterTable alter, Range action, LintContext context) {
        SqlTokens s = alter.s();
        int at = action.from() + 1;
        if (!s.is(action.from(), "drop") || s.is(at, "constraint")) {
            return;
        }
        at += s.is(at, "column") ? 1 : 0;
        at += s.matches(at, "if", "exists") ? 2 : 0;
        if (at < action.to() && s.get(at).isName()) {
            context.report(severity(), s.get(at), "drops column " + alter.table() + "." + alter.name(at)
                    + ", which the previous release may still read or write");
        }
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        AlterTableRule.super.check(s, context);
        if (s.startsWith("drop", "table")) {
            int from = s.matches(2, "if", "exists") ? 4 : 2;
            for (Range part : s.split(from, s.size(), 0)) {
                Optional<QualifiedName> table = s.name(part.from());
                if (table.isPresent() && context.existing(table.get())) {
                    context.report(severity(), s.get(part.from()), "drops table " + context.describe(table.get())
                            + ", which the previous release may still read or write");
                }
            }
        }
    }
}
