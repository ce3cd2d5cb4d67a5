package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.SqlTokens;
import io.ferry.migration.sql.SqlTokens.Range;

/**
 * {@code DROP ... CASCADE}, and {@code ALTER ... DROP ... CASCADE}: PostgreSQL also drops, without listing them,
 * the objects that depend on what is dropped (views, foreign keys, defaults, and the objects depending on those).
 */
public final class DropCascade implements LintRule {

    @Override
    public String id() {
        return "drop-cascade";
    }

    @Override
    public String title() {
        return "DROP ... CASCADE silently drops the views, constraints and other objects that depend on it";
    }

    @Override
    public String fix() {
        return "drop the dependent objects explicitly first, then drop without CASCADE";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        if (s.is(0, "drop")) {
            int at = s.findTop("cascade");
            if (at >= 0) {
                report(s, 0, at, context);
            }
        } else if (s.is(0, "alter")) {
            for (Range action : s.split(0, s.size(), 0)) {
                int drop = s.find(action.from(), action.to(), 0, "drop");
                int at = drop < 0 ? -1 : s.find(drop, action.to(), 0, "cascade");
                if (at >= 0) {
                    report(s, drop, at, context);
                }
            }
        }
    }

    private void report(SqlTokens s, int drop, int cascade, LintContext context) {
        context.report(severity(), s.get(cascade), s.text(drop, cascade + 1).replaceAll("\\s+", " ")
                + " also drops every view, constraint or other object that depends on it, without naming them");
    }
}
