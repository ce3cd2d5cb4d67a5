package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.ColumnType;
import io.ferry.migration.sql.SqlTokens.Range;
import io.ferry.migration.sql.SqlTokens;
import java.util.Optional;

/**
 * {@code ALTER TABLE ... ALTER [COLUMN] c [SET DATA] TYPE t [USING ...]} on a table that exists: unless the old
 * type is binary-coercible to the new one and no {@code USING} changes the values, PostgreSQL rewrites the table
 * and its indexes under an ACCESS EXCLUSIVE lock. With a database the column's current type decides; without one
 * the finding says it may rewrite.
 */
public final class RewritingTypeChange implements AlterTableRule, SizeAwareRule {

    @Override
    public String id() {
        return "rewriting-type-change";
    }

    @Override
    public String title() {
        return "A column type change that is not binary-coercible rewrites the table";
    }

    @Override
    public String fix() {
        return "expand and contract: add a column of the new type, write both, backfill in batches, switch reads,"
                + " drop the old column later (or make only a binary-coercible change, such as a longer varchar)";
    }

    @Override
    public void check(AlterTable alter, Range action, LintContext context) {
        SqlTokens s = alter.s();
        int type = alter.newType(action);
        if (type < 0) {
            return;
        }
        int name = alter.alteredColumn(action);
        int using = alter.find(action, "using");
        int collate = alter.find(action, "collate");
        int end = using >= 0 ? using : collate >= 0 ? collate : action.to();
        String next = s.text(type, end);
        String column = alter.name(name);
        String changing = "changing " + alter.table() + "." + column;
        String rewrite = " and its indexes under an ACCESS EXCLUSIVE lock";
        if (using >= 0) {
            context.report(context.bySize(alter.table()), s.get(name), changing + " to " + next
                    + " with USING rewrites " + context.describe(alter.table()) + rewrite);
            return;
        }
        Optional<String> current = context.catalog().columnType(alter.table(), column);
        if (current.isEmpty()) {
            context.report(Severity.WARNING, s.get(name), changing + " to " + next + " may rewrite "
                    + context.describe(alter.table()) + rewrite + " unless the change is binary-coercible (its"
                    + " current type is not known here)");
        } else if (!ColumnType.parse(current.get()).changesWithoutRewrite(ColumnType.parse(next))) {
            context.report(context.bySize(alter.table()), s.get(name), changing + " from " + current.get() + " to "
                    + next + " rewrites " + context.describe(alter.table()) + rewrite);
        }
    }
}
