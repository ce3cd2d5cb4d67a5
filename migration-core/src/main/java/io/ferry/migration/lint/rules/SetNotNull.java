package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.SqlTokens.Range;
import io.ferry.migration.sql.SqlTokens;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ALTER TABLE ... ALTER [COLUMN] c SET NOT NULL} on a table that exists, when nothing proves the column
 * holds no null: PostgreSQL scans the whole table under an ACCESS EXCLUSIVE lock to check. A validated
 * {@code CHECK (c IS NOT NULL)} (in the database, or added and validated earlier in the revision) lets PostgreSQL
 * 12+ skip the scan. The check may be added and validated in revisions linted before this one in the same run
 * (the pattern spans revisions).
 */
public final class SetNotNull implements AlterTableRule, SizeAwareRule {

    @Override
    public String id() {
        return "set-not-null";
    }

    @Override
    public String title() {
        return "SET NOT NULL without a validated CHECK (c IS NOT NULL) scans the table under an ACCESS EXCLUSIVE lock";
    }

    @Override
    public String fix() {
        return "ADD CONSTRAINT c_not_null CHECK (c IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT c_not_null in a later"
                + " revision, then SET NOT NULL (no scan on PostgreSQL 12+) and drop the check";
    }

    @Override
    public void check(AlterTable alter, Range action, LintContext context) {
        int name = alter.alteredColumn(action);
        if (name < 0 || !alter.s().matches(name + 1, "set", "not", "null")) {
            return;
        }
        String column = alter.name(name);
        if (context.catalog().provenNotNull(alter.table(), column) || checkedEarlier(alter, column, context)) {
            return;
        }
        context.report(context.bySize(alter.table()), alter.s().get(name), "SET NOT NULL on " + alter.table() + "."
                + column + " scans " + context.describe(alter.table()) + " for nulls under an ACCESS EXCLUSIVE lock");
    }

    /**
     * True when an earlier statement of the revision, or of a revision linted before it, added a
     * {@code CHECK (column IS NOT NULL)} and validated it.
     */
    private static boolean checkedEarlier(AlterTable current, String column, LintContext context) {
        Set<String> added = new HashSet<>();
        List<SqlTokens> statements = new ArrayList<>();
        context.earlierRevisions().forEach(statements::addAll);
        statements.addAll(context.statements().subList(0, context.index()));
        for (SqlTokens statement : statements) {
            Optional<AlterTable> earlier = AlterTable.of(statement)
                    .filter(a -> LintContext.same(a.table(), current.table()));
            if (earlier.isEmpty()) {
                continue;
            }
            AlterTable alter = earlier.get();
            for (Range action : alter.actions()) {
                int kind = alter.addedConstraint(action);
                if (kind >= 0 && alter.s().is(kind, "check") && checksNotNull(alter.s(), kind + 1, column)) {
                    if (!alter.has(action, "not", "valid")) {
                        return true;
                    }
                    alter.constraintName(action).ifPresent(added::add);
                }
                if (alter.s().matches(action.from(), "validate", "constraint")
                        && alter.s().get(action.from() + 2) != null
                        && added.contains(alter.s().get(action.from() + 2).value())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when the parenthesis at {@code open} holds {@code column IS NOT NULL} and nothing else. */
    private static boolean checksNotNull(SqlTokens s, int open, String column) {
        if (s.get(open) == null || !s.get(open).isSymbol("(")) {
            return false;
        }
        List<String> words = s.tokens().subList(open + 1, Math.min(s.closing(open), s.size())).stream()
                .filter(t -> !t.isSymbol("(") && !t.isSymbol(")")).map(t -> t.isName() ? t.value() : t.text())
                .toList();
        return words.equals(List.of(column, "is", "not", "null"));
    }
}
