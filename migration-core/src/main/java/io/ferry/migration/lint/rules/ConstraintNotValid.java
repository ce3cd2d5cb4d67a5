package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.SqlTokens.Range;
import io.ferry.migration.sql.SqlTokens;

/**
 * {@code ALTER TABLE ... ADD [CONSTRAINT n] FOREIGN KEY ... | CHECK (...)} on a table that exists without
 * {@code NOT VALID}: PostgreSQL scans every row to check the constraint while it holds a lock that blocks writes
 * (SHARE ROW EXCLUSIVE on both tables for a foreign key, ACCESS EXCLUSIVE for a check). Added {@code NOT VALID}, it
 * is only enforced on new rows; {@code VALIDATE CONSTRAINT} later scans under SHARE UPDATE EXCLUSIVE only.
 */
public final class ConstraintNotValid implements AlterTableRule, SizeAwareRule {

    @Override
    public String id() {
        return "constraint-not-valid";
    }

    @Override
    public String title() {
        return "A foreign key or check constraint added without NOT VALID scans the table under a lock that blocks"
                + " writes";
    }

    @Override
    public String fix() {
        return "add it with NOT VALID, then VALIDATE CONSTRAINT in a later revision (which takes only a SHARE UPDATE"
                + " EXCLUSIVE lock)";
    }

    @Override
    public void check(AlterTable alter, Range action, LintContext context) {
        SqlTokens s = alter.s();
        int at = alter.addedConstraint(action);
        if (at < 0 || !(s.is(at, "foreign") || s.is(at, "check")) || alter.has(action, "not", "valid")) {
            return;
        }
        String table = context.describe(alter.table());
        if (s.is(at, "foreign")) {
            int references = alter.find(action, "references");
            String target = references < 0 ? "the referenced table"
                    : s.name(references + 1).map(Object::toString).orElse("the referenced table");
            context.report(context.bySize(alter.table()), s.get(at), "adds a foreign key to " + table
                    + " without NOT VALID: every row is checked while writes to it and to " + target
                    + " are blocked (SHARE ROW EXCLUSIVE)");
        } else {
            context.report(context.bySize(alter.table()), s.get(at), "adds a check constraint to " + table
                    + " without NOT VALID: every row is checked under an ACCESS EXCLUSIVE lock");
        }
    }
}
