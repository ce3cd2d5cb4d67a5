package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.SqlTokens.Range;
import io.ferry.migration.sql.SqlTokens;
import io.ferry.migration.sql.Token;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ADD COLUMN} on a table that exists with a value PostgreSQL must compute row by row: a default that calls
 * a volatile function, a serial type ({@code nextval}), an identity, or a stored generated column. Since
 * PostgreSQL 11 a non-volatile default is stored once in the catalog; these instead rewrite the table and its
 * indexes under an ACCESS EXCLUSIVE lock.
 */
public final class VolatileDefault implements AlterTableRule, SizeAwareRule {

    /**
     * Functions PostgreSQL (and its usual extensions) marks volatile, for a lint without a database or a function
     * the database does not know. {@code now()} and {@code txid_current()} are stable, so not here.
     */
    static final Set<String> KNOWN_VOLATILE = Set.of("random", "random_normal", "setseed", "clock_timestamp",
            "timeofday", "gen_random_uuid", "gen_random_bytes", "uuid_generate_v1", "uuid_generate_v1mc",
            "uuid_generate_v4", "uuidv4", "uuidv7", "nextval", "currval", "lastval");

    @Override
    public String id() {
        return "volatile-default";
    }

    @Override
    public String title() {
        return "A column added with a volatile default, a serial, an identity or a stored generated value rewrites"
                + " the table";
    }

    @Override
    public String fix() {
        return "add the column nullable without the default, SET DEFAULT for new rows in the next statement,"
                + " then backfill existing rows in batches";
    }

    @Override
    public void check(AlterTable alter, Range action, LintContext context) {
        int name = alter.addedColumn(action);
        if (name < 0) {
            return;
        }
        SqlTokens s = alter.s();
        String column = alter.name(name);
        String rewrites = ": " + context.describe(alter.table()) + " and its indexes are rewritten under an ACCESS"
                + " EXCLUSIVE lock";
        Severity severity = context.bySize(alter.table());
        int generated = alter.find(action, "generated");
        if (alter.serial(name)) {
            context.report(severity, s.get(name + 1), "adds " + s.get(name + 1).value() + " column " + column
                    + ", whose nextval default fills every row" + rewrites);
        } else if (generated >= 0 && s.contains(generated, action.to(), 0, "identity")) {
            context.report(severity, s.get(generated), "adds identity column " + column
                    + ", numbering every row" + rewrites);
        } else if (generated >= 0 && s.contains(generated, action.to(), 0, "stored")) {
            context.report(severity, s.get(generated), "adds stored generated column " + column
                    + ", computed for every row" + rewrites);
        }
        int at = alter.find(action, "default");
        if (at >= 0) {
            volatileCall(s, at + 1, alter.clauseEnd(action, at), context).ifPresent(fn -> context.report(severity,
                    s.get(at), "adds column " + column + " with the volatile default " + fn + "()" + rewrites));
        }
    }

    /** The first function called in {@code [from, to)} that is volatile. */
    private static Optional<String> volatileCall(SqlTokens s, int from, int to, LintContext context) {
        for (int i = from; i < to - 1; i++) {
            Token t = s.get(i);
            boolean cast = i > 0 && s.get(i - 1).isSymbol("::");
            if (t.isName() && !cast && s.get(i + 1).isSymbol("(") && isVolatile(t.value(), context)) {
                return Optional.of(t.value());
            }
        }
        return Optional.empty();
    }

    private static boolean isVolatile(String function, LintContext context) {
        Optional<Boolean> known = context.catalog().connected() ? context.catalog().isVolatile(function)
                : Optional.empty();
        return known.orElseGet(() -> KNOWN_VOLATILE.contains(function));
    }
}
