package io.ferry.migration.schema;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether changing a column from one type to another keeps every value it can hold: a wider integer, a
 * longer {@code varchar}, more digits of {@code numeric}, anything to {@code text}. Any other change may
 * lose data (a value too big, too long, or that does not convert), and the diff says so.
 */
final class Widening {

    private static final List<String> INTEGERS = List.of("smallint", "integer", "bigint", "numeric");
    private static final List<String> FLOATS = List.of("real", "double precision");
    private static final Pattern SIZED = Pattern.compile("(character varying|numeric)\\((\\d+)(?:,(\\d+))?\\)");

    private Widening() {
    }

    static boolean keepsValues(String from, String to) {
        if (from.equals(to) || to.equals("text")) {
            return true;
        }
        if (from.endsWith("[]") && to.endsWith("[]")) {
            return keepsValues(from.substring(0, from.length() - 2), to.substring(0, to.length() - 2));
        }
        if (rises(INTEGERS, from, to) || rises(FLOATS, from, to)) {
            return true;
        }
        if (from.equals("character varying") || from.startsWith("character varying(")) {
            return to.equals("character varying") || (from.startsWith("character varying(") && wider(from, to));
        }
        if (from.startsWith("numeric(")) {
            return to.equals("numeric") || wider(from, to);
        }
        return false;
    }

    private static boolean rises(List<String> ladder, String from, String to) {
        int f = ladder.indexOf(from);
        return f >= 0 && ladder.indexOf(to) > f;
    }

    /** Same sized type, at least as many characters (or digits, with the same scale). */
    private static boolean wider(String from, String to) {
        Matcher f = SIZED.matcher(from);
        Matcher t = SIZED.matcher(to);
        return f.matches() && t.matches() && f.group(1).equals(t.group(1))
                && Integer.parseInt(t.group(2)) >= Integer.parseInt(f.group(2))
                && String.valueOf(f.group(3)).equals(String.valueOf(t.group(3)));
    }
}
