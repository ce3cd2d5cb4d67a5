package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.SqlTokens;
import java.util.Set;

/**
 * A column declared {@code char(n)} or {@code character(n)} (or bare {@code char}, which is {@code char(1)}): it pads
 * values with spaces to the length, ignores trailing spaces when comparing, and is no faster than {@code text}. The
 * PostgreSQL wiki's "Don't Do This" advises {@code text} or {@code varchar}.
 */
public final class CharType implements LintRule {

    @Override
    public String id() {
        return "char-type";
    }

    @Override
    public String title() {
        return "A column of type char(n)";
    }

    @Override
    public String fix() {
        return "use text, or varchar(n) or a CHECK on length() when the length must be limited";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        TypedColumns.warnOfTypes(s, context, Set.of("char"), "(n): values are padded with spaces to the length");
    }
}
