package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.SqlTokens;

/**
 * {@code TRUNCATE} in a migration: it takes an ACCESS EXCLUSIVE lock on each table and removes every row, which no
 * later revision can bring back.
 */
public final class Truncate implements LintRule {

    @Override
    public String id() {
        return "truncate";
    }

    @Override
    public String title() {
        return "TRUNCATE locks the table and removes all its rows";
    }

    @Override
    public String fix() {
        return "delete only the rows meant to go (DELETE ... WHERE, or a backfill job in batches on a large table),"
                + " or keep the data in a copy first";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        if (!s.is(0, "truncate")) {
            return;
        }
        for (TargetNames.Target t : TargetNames.list(s, s.is(1, "table") ? 2 : 1, s.size())) {
            if (context.existing(t.name())) {
                context.report(Severity.WARNING, t.at(), "TRUNCATE takes an ACCESS EXCLUSIVE lock on "
                        + context.describe(t.name()) + " and its rows are gone (the rollback guard counts them"
                        + " before it runs)");
            }
        }
    }
}
