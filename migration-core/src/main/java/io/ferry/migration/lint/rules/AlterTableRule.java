package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.SqlTokens.Range;
import io.ferry.migration.sql.SqlTokens;

/**
 * A rule that looks at each action of an {@code ALTER TABLE} whose table holds rows (see
 * {@link LintContext#existing}); other statements it leaves alone.
 */
interface AlterTableRule extends LintRule {

    @Override
    default void check(SqlTokens s, LintContext context) {
        AlterTable.of(s).filter(a -> context.existing(a.table())).ifPresent(alter -> alter.actions().forEach(a -> check(alter, a, context)));
    }

    /** Checks one action of {@code alter}. */
    void check(AlterTable alter, Range action, LintContext context);
}
