package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.SqlTokens.Range;

/**
 * {@code ALTER TABLE ... ADD COLUMN c type NOT NULL} (or {@code PRIMARY KEY}) without a default on a table that
 * exists: the running release's INSERTs, which do not name the new column, fail, and on a table that has rows the
 * ALTER itself fails. A {@code DEFAULT}, an identity, a generated column or a serial type gives every row a value.
 */
public final class AddingNotNullColumn implements AlterTableRule {

    @Override
    public String id() {
        return "adding-not-null-column";
    }

    @Override
    public String title() {
        return "A column added NOT NULL without a default breaks the running release's inserts";
    }

    @Override
    public String fix() {
        return "add the column nullable or with a DEFAULT, backfill it, then make it NOT NULL in two steps"
                + " (CHECK (c IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, SET NOT NULL)";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public void check(AlterTable alter, Range action, LintContext context) {
        int name = alter.addedColumn(action);
        if (name < 0 || !(alter.has(action, "not", "null") || alter.has(action, "primary", "key"))
                || alter.has(action, "default") || alter.has(action, "generated") || alter.serial(name)) {
            return;
        }
        context.report(severity(), alter.s().get(name), "adds column " + alter.name(name) + " to "
                + context.describe(alter.table()) + " NOT NULL without a default: the running release's"
                + " inserts fail, and the ALTER itself fails when the table has rows");
    }
}
