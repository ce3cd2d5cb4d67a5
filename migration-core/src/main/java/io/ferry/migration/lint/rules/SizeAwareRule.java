package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;

/**
 * A rule whose findings matter in proportion to the table: an error on a large one, a warning on a small one or
 * without a database (its findings take {@link LintContext#bySize}).
 */
interface SizeAwareRule extends LintRule {

    @Override
    default Severity severity() {
        return Severity.ERROR;
    }

    @Override
    default boolean sizeAware() {
        return true;
    }
}
