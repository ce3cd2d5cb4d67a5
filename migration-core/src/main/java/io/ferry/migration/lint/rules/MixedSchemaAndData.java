package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.SqlTokens;
import java.util.List;

/**
 * A revision that changes both the schema and the data. In one transaction the locks of each are held until both
 * are done, and a failure in either undoes both. Reported once per revision, at the first statement of whichever
 * kind comes second.
 */
public final class MixedSchemaAndData implements LintRule {

    private enum Kind { SCHEMA, DATA, OTHER }

    @Override
    public String id() {
        return "mixed-schema-and-data";
    }

    @Override
    public String title() {
        return "A revision mixes schema changes with data changes";
    }

    @Override
    public String fix() {
        return "put the data change in a revision of its own, or in a backfill job for a large table";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        Kind mine = kind(s);
        if (mine == Kind.OTHER) {
            return;
        }
        List<SqlTokens> all = context.statements();
        SqlTokens other = null;
        for (int k = 0; k < context.index(); k++) {
            Kind earlier = kind(all.get(k));
            if (earlier == mine) {
                return; // not the first of its kind: reported there, or nothing to report
            }
            if (earlier != Kind.OTHER && other == null) {
                other = all.get(k);
            }
        }
        if (other != null) {
            context.report(Severity.WARNING, s.get(0), (mine == Kind.DATA
                    ? "changes data in a revision that changes the schema (line "
                    : "changes the schema in a revision that changes data (line ")
                    + other.statement().line() + "): in one transaction the locks each takes are held until both are"
                    + " done, and a failure of either undoes both");
        }
    }

    private static Kind kind(SqlTokens s) {
        if (s.is(0, "create") || s.is(0, "alter") || s.is(0, "drop") || s.is(0, "comment")) {
            return Kind.SCHEMA;
        }
        if (s.is(0, "insert") || s.is(0, "update") || s.is(0, "delete") || s.is(0, "merge")
                || (s.is(0, "copy") && s.findTop("from") >= 0)) {
            return Kind.DATA;
        }
        if (s.is(0, "with")) {
            for (int i = 1; i < s.size(); i++) {
                if (s.matches(i, "insert", "into") || s.matches(i, "delete", "from") || s.matches(i, "merge", "into")
                        || (s.is(i, "update") && s.get(i + 1) != null && s.get(i + 1).isName()
                        && !s.is(i - 1, "for") && !s.is(i - 1, "key"))) {
                    return Kind.DATA;
                }
            }
        }
        return Kind.OTHER;
    }
}
