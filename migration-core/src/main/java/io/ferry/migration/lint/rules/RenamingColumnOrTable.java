package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.SqlTokens.Range;
import io.ferry.migration.sql.SqlTokens;

/**
 * {@code ALTER TABLE t RENAME [COLUMN] a TO b} or {@code ALTER TABLE t RENAME TO x} on a table that exists: the
 * previous release, still running during a blue-green deploy, uses the old name and fails.
 */
public final class RenamingColumnOrTable implements AlterTableRule {

    @Override
    public String id() {
        return "renaming-column-or-table";
    }

    @Override
    public String title() {
        return "Renaming a column or table breaks the previous release, which still uses the old name";
    }

    @Override
    public String fix() {
        return "expand and contract: add the new one, write both, backfill, switch reads, drop the old one in a later"
                + " release (or keep a view under the old name)";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public void check(AlterTable alter, Range action, LintContext context) {
        SqlTokens s = alter.s();
        int at = action.from();
        if (!s.is(at, "rename") || s.is(at + 1, "constraint")) {
            return;
        }
        int old = s.is(at + 1, "column") ? at + 2 : at + 1;
        String what = s.is(at + 1, "to") ? "table " + alter.table() : "column " + alter.table() + "." + alter.name(old);
        context.report(severity(), s.get(at), "renames " + what + ": the previous release, still running"
                + " during the deploy, uses the old name and fails");
    }
}
