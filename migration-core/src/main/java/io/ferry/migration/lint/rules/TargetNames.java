package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.QualifiedName;
import io.ferry.migration.sql.SqlTokens;
import io.ferry.migration.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the maintenance rules share: the list of tables or indexes a statement names, the options in parentheses of
 * {@code VACUUM (FULL)} and {@code REINDEX (CONCURRENTLY)}, and the table an index belongs to.
 */
final class TargetNames {

    private TargetNames() {
    }

    /** One name of a list, and the token it starts at. */
    record Target(Token at, QualifiedName name) {
    }

    /**
     * The names of {@code [from, to)} split at the top-level commas ({@code a, ONLY b *, c (x, y)}): each part's
     * first name, after an {@code ONLY}.
     */
    static List<Target> list(SqlTokens s, int from, int to) {
        List<Target> names = new ArrayList<>();
        for (SqlTokens.Range part : s.split(from, to, 0)) {
            int i = s.is(part.from(), "only") ? part.from() + 1 : part.from();
            if (i < part.to()) {
                s.name(i).ifPresent(n -> names.add(new Target(s.get(i), n)));
            }
        }
        return names;
    }

    /**
     * True when the parenthesised option list opening at {@code open} turns {@code option} on: it is named and not
     * followed by {@code false}, {@code off} or {@code 0}.
     */
    static boolean option(SqlTokens s, int open, String option) {
        int close = s.closing(open);
        int at = s.find(open + 1, close, s.get(open).depth() + 1, option);
        return at >= 0 && !(s.is(at + 1, "false") || s.is(at + 1, "off")
                || (s.get(at + 1) != null && s.get(at + 1).text().equals("0")));
    }

    /** The severity of a statement on every table of the database: an error when a database is read. */
    static Severity wholeDatabase(LintContext context) {
        return context.catalog().connected() ? Severity.ERROR : Severity.WARNING;
    }

    /**
     * An index a statement works on and its table, as far as the lint knows it (no table without a database).
     */
    record IndexOn(QualifiedName index, Optional<QualifiedName> table) {

        /** Size-aware on the table; a warning when the table is not known. */
        Severity severity(LintContext context) {
            return table.map(context::bySize).orElse(Severity.WARNING);
        }

        /** {@code index big_name on big (2.5k rows, 1 MB)}, or {@code index big_name} without a database. */
        String describe(LintContext context) {
            return "index " + index + table.map(t -> " on " + context.describe(t)).orElse("");
        }
    }

    /**
     * The index a statement works on with its table, when a finding on it matters: empty when an earlier statement
     * of the revision creates the index, or when the database is read and has no such index.
     */
    static Optional<IndexOn> indexOn(LintContext context, QualifiedName index) {
        if (indexCreatedEarlier(context, index)) {
            return Optional.empty();
        }
        Optional<QualifiedName> table = context.catalog().tableOfIndex(index);
        if (context.catalog().connected() && table.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IndexOn(index, table));
    }

    /**
     * True when a statement before the current one creates {@code index} (by that name); a
     * {@code CREATE INDEX IF NOT EXISTS} only when the database is read and has no such index.
     */
    static boolean indexCreatedEarlier(LintContext context, QualifiedName index) {
        for (int k = 0; k < context.index(); k++) {
            SqlTokens s = context.statements().get(k);
            int i = s.is(1, "unique") ? 2 : 1;
            if (!s.is(0, "create") || !s.is(i, "index")) {
                continue;
            }
            i++;
            if (s.is(i, "concurrently")) {
                i++;
            }
            boolean ifNotExists = s.matches(i, "if", "not", "exists");
            if (ifNotExists) {
                i += 3;
            }
            if (!s.is(i, "on") && s.name(i).map(n -> LintContext.same(n, index)).orElse(false)
                    && context.creates(ifNotExists, () -> context.catalog().tableOfIndex(index).isPresent())) {
                return true;
            }
        }
        return false;
    }
}
