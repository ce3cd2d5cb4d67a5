package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.sql.SqlTokens;

/**
 * {@code DROP INDEX} without {@code CONCURRENTLY} on an index that exists: it takes an ACCESS EXCLUSIVE lock on the
 * index's table, so reads and writes of the table wait for it (and it waits for every transaction using the table).
 */
public final class DropIndexWithoutConcurrently implements SizeAwareRule {

    @Override
    public String id() {
        return "drop-index-without-concurrently";
    }

    @Override
    public String title() {
        return "DROP INDEX without CONCURRENTLY locks the index's table against reads and writes";
    }

    @Override
    public String fix() {
        return "DROP INDEX CONCURRENTLY, one index per statement, in a revision marked -- ferry:transactional false";
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        if (!s.startsWith("drop", "index") || s.is(2, "concurrently")) {
            return;
        }
        int i = s.matches(2, "if", "exists") ? 4 : 2;
        for (TargetNames.Target index : TargetNames.list(s, i, s.size())) {
            TargetNames.indexOn(context, index.name()).ifPresent(on -> context.report(on.severity(context), index.at(),
                    "drops " + on.describe(context) + " without CONCURRENTLY: an ACCESS EXCLUSIVE lock"
                            + " stops reads and writes of the table until it is done"));
        }
    }
}
