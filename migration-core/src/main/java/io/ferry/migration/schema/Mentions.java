package io.ferry.migration.schema;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a deparsed definition names an identifier. A textual test, for deciding what to rebuild: it may
 * see a name where there is only a string that looks like it, which costs a needless rebuild, never a
 * missed one.
 */
final class Mentions {

    /** What PostgreSQL writes without quotes (keywords aside, which it quotes: a mention is still seen). */
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    private Mentions() {
    }

    /** Whether {@code sql} names {@code identifier}, bare or quoted. */
    static boolean identifier(String sql, String identifier) {
        return sql != null && forms(identifier).stream().anyMatch(form -> bounded(sql, form));
    }

    /** Whether {@code sql} names {@code schema.name}, each part bare or quoted. */
    static boolean qualified(String sql, String schema, String name) {
        if (sql == null) {
            return false;
        }
        for (String s : forms(schema)) {
            for (String n : forms(name)) {
                if (bounded(sql, s + "." + n)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a column's type, as {@code format_type} writes it ({@code public.mood}, {@code public.mood[]}),
     * is the type {@code schema.name} or an array of it.
     */
    static boolean isType(String type, String schema, String name) {
        String element = type;
        while (element.endsWith("[]")) {
            element = element.substring(0, element.length() - 2);
        }
        for (String s : forms(schema)) {
            for (String n : forms(name)) {
                if (element.equals(s + "." + n)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> forms(String identifier) {
        String quoted = "\"" + identifier.replace("\"", "\"\"") + "\"";
        return PLAIN.matcher(identifier).matches() ? List.of(identifier, quoted) : List.of(quoted);
    }

    /** Whether {@code text} occurs in {@code sql} not as part of a longer name. */
    private static boolean bounded(String sql, String text) {
        return Pattern.compile("(?<![A-Za-z0-9_$\"])" + Pattern.quote(text) + "(?![A-Za-z0-9_$\"])")
                .matcher(sql).find();
    }
}
