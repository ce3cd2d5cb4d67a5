package io.ferry.migration.safety;

import io.ferry.migration.sql.ColumnType;
import io.ferry.migration.sql.SqlTokens;
import io.ferry.migration.sql.Token;

/**
 * Reads a type change's {@code USING} expression that only casts the column to its new type ({@code c::T},
 * {@code CAST(c AS T)}, in parentheses or not): the change then converts each value as it would without
 * {@code USING}, and the guard counts it the same way.
 */
final class UsingCast {

    private UsingCast() {
    }

    /** True when {@code using} is {@code column} cast to {@code type}, and nothing else. */
    static boolean isPlainCast(String using, String column, ColumnType type) {
        SqlTokens t = SqlTokens.of(using);
        int from = 0;
        int to = t.size();
        while (to > 0 && t.get(to - 1).isSymbol(";")) {
            to--;
        }
        while (to - from >= 2 && t.get(from).isSymbol("(") && t.closing(from) == to - 1) {
            from++;
            to--;
        }
        if (to - from < 2) {
            return false;
        }
        if (t.get(from).is("cast") && t.get(from + 1).isSymbol("(") && t.closing(from + 1) == to - 1) {
            int as = t.find(from + 2, to - 1, t.get(from + 2).depth(), "as");
            return as > from + 2 && isColumn(t, from + 2, as, column)
                    && ColumnType.parse(t.text(as + 1, to - 1)).equals(type);
        }
        for (int i = from; i < to; i++) {
            Token token = t.get(i);
            if (token.isSymbol("::") && token.depth() == t.get(from).depth()) {
                return isColumn(t, from, i, column) && ColumnType.parse(t.text(i + 1, to)).equals(type);
            }
        }
        return false;
    }

    /** True when the tokens {@code [from, to)} are the column's name, in parentheses or not. */
    private static boolean isColumn(SqlTokens t, int from, int to, String column) {
        while (to - from >= 2 && t.get(from).isSymbol("(") && t.closing(from) == to - 1) {
            from++;
            to--;
        }
        return to - from == 1 && t.get(from).isName() && t.get(from).value().equals(column);
    }
}
