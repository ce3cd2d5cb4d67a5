package io.ferry.migration.lint;

import io.ferry.migration.sql.SqlTokens;

/**
 * One lint rule. A rule looks at one statement at a time, with the revision's other statements and the database's
 * facts at hand in the {@link LintContext}, and reports what it finds there with {@link LintContext#report}.
 */
public interface LintRule {

    /** The rule's id, in reports, {@code ferry.yaml} and {@code ferry:lint-ignore} comments: {@code kebab-case}. */
    String id();

    /** One line: what the rule catches, for {@code docs/lint.md} and SARIF. */
    String title();

    /** One line: the safe way to write it. */
    String fix();

    /** The severity a finding has when nothing about the table's size changes it. */
    Severity severity();

    /** False for rules that run only when {@code ferry.yaml} turns them on. */
    default boolean enabledByDefault() {
        return true;
    }

    /** True for rules whose severity depends on the size of the table (see {@link LintContext#bySize}). */
    default boolean sizeAware() {
        return false;
    }

    /** Checks {@code statement}, the context's current statement. */
    void check(SqlTokens statement, LintContext context);
}
