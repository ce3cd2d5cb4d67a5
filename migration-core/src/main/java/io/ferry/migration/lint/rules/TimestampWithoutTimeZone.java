package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.SqlTokens;
import java.util.Set;

/**
 * A column declared {@code timestamp} (without time zone): it stores a wall-clock reading with no zone, so the
 * same value means different instants to clients in different zones. The PostgreSQL wiki's "Don't Do This" advises
 * {@code timestamptz}.
 */
public final class TimestampWithoutTimeZone implements LintRule {

    @Override
    public String id() {
        return "timestamp-without-time-zone";
    }

    @Override
    public String title() {
        return "A column of type timestamp without time zone";
    }

    @Override
    public String fix() {
        return "use timestamptz (timestamp with time zone), which stores an instant";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        TypedColumns.warnOfTypes(s, context, Set.of("timestamp"), " without time zone: it stores no zone, so clients in other zones"
                + " read another instant");
    }
}
