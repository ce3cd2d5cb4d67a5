package io.ferry.migration.safety;

import io.ferry.migration.sql.SqlTokens;
import io.ferry.migration.sql.Token;
import java.util.Optional;

/**
 * A statement of a migration that sets the {@code search_path}: {@code SET [SESSION | LOCAL] search_path
 * {TO|=} ...}, {@code RESET search_path}, or {@code SELECT set_config('search_path', '...', false|true)} with a
 * literal path. The guard follows them in plan order, so that {@code SET search_path TO billing; DROP TABLE
 * invoices;} counts {@code billing.invoices}.
 *
 * @param sql             the statement that sets the same path for the guard's own transaction only
 *                        ({@code SET LOCAL search_path TO ...})
 * @param transactionOnly true when the migration's statement sets it until the end of its transaction only
 *                        ({@code SET LOCAL}, {@code set_config(..., true)}); false when it sets it for the session
 */
record SearchPathSetting(String sql, boolean transactionOnly) {

    /** The setting {@code t} makes, when it sets the search_path; empty for any other statement. */
    static Optional<SearchPathSetting> of(SqlTokens t) {
        int end = t.size() > 0 && t.get(t.size() - 1).isSymbol(";") ? t.size() - 1 : t.size();
        if (t.startsWith("reset", "search_path")) {
            return Optional.of(new SearchPathSetting("SET LOCAL search_path TO DEFAULT", false));
        }
        boolean local = t.startsWith("set", "local", "search_path");
        int name = t.startsWith("set", "session", "search_path") || local ? 2
                : t.startsWith("set", "search_path") ? 1 : -1;
        if (name > 0) {
            Token to = t.get(name + 1);
            if (to != null && (to.is("to") || to.isSymbol("=")) && name + 2 < end) {
                return Optional.of(new SearchPathSetting("SET LOCAL search_path TO " + t.text(name + 2, end), local));
            }
            return Optional.empty();
        }
        if (t.startsWith("select", "set_config") && t.get(2) != null && t.get(2).isSymbol("(") && end == 9
                && string(t.get(3)) && t.get(3).value().equals("search_path") && t.get(4).isSymbol(",")
                && string(t.get(5)) && t.get(6).isSymbol(",") && (t.is(7, "false") || t.is(7, "true"))
                && t.get(8).isSymbol(")")) {
            return Optional.of(new SearchPathSetting("SELECT set_config('search_path', " + t.get(5).text() + ", true)",
                    t.is(7, "true")));
        }
        return Optional.empty();
    }

    private static boolean string(Token token) {
        return token != null && token.kind() == Token.Kind.STRING;
    }
}
