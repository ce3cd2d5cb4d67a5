package io.ferry.migration.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column type as a statement writes it or {@code format_type} prints it, reduced to a canonical name
 * ({@code varchar} and {@code character varying} alike) and its modifiers ({@code numeric(10,2)}: 10 and 2).
 *
 * @param name      the canonical name, {@code []} kept for an array
 * @param modifiers the numbers in its parentheses, none when it has none
 */
public record ColumnType(String name, List<String> modifiers) {

    private static final Pattern MODIFIERS = Pattern.compile("\\(([^)]*)\\)");

    /** The internal one-byte type, as {@code format_type} prints it. */
    private static final String ONE_BYTE_CHAR = "\"char\"";

    private static final Set<String> STRINGS = Set.of("text", "character varying", "character",
            "citext", "name", ONE_BYTE_CHAR);

    /** The most decimal digits a value of each integer type has. */
    private static final Map<String, Integer> INTEGER_DIGITS = Map.of("smallint", 5, "integer", 10, "bigint", 19);

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("varchar", "character varying"), Map.entry("char", "character"),
            Map.entry("bpchar", "character"), Map.entry("int", "integer"), Map.entry("int4", "integer"),
            Map.entry("int8", "bigint"), Map.entry("int2", "smallint"), Map.entry("decimal", "numeric"),
            Map.entry("varbit", "bit varying"), Map.entry("bool", "boolean"), Map.entry("float8", "double precision"),
            Map.entry("float4", "real"), Map.entry("timestamptz", "timestamp with time zone"),
            Map.entry("timestamp", "timestamp without time zone"), Map.entry("timetz", "time with time zone"),
            Map.entry("time", "time without time zone"));

    /**
     * Reads a written type: {@code VARCHAR (20)}, {@code pg_catalog.int4}, {@code "text"}. The quoted
     * {@code "char"} (one byte) is a type of its own, not {@code char} ({@code character(1)}): it keeps its quotes
     * and is looked up under no alias.
     */
    public static ColumnType parse(String written) {
        String t = written.toLowerCase(Locale.ROOT).replace("pg_catalog.", "");
        List<String> modifiers = new ArrayList<>();
        Matcher m = MODIFIERS.matcher(t);
        if (m.find()) {
            for (String part : m.group(1).split(",")) {
                modifiers.add(part.strip());
            }
            t = t.substring(0, m.start()) + " " + t.substring(m.end());
        }
        String name = t.replaceAll("\\s+", " ").replace(" [", "[").strip();
        String array = name.endsWith("[]") ? "[]" : "";
        String base = name.substring(0, name.length() - array.length()).strip();
        if (!base.equals(ONE_BYTE_CHAR)) {
            base = base.replace("\"", "");
            base = ALIASES.getOrDefault(base, base);
        }
        if (base.equals("character") && modifiers.isEmpty()) {
            modifiers.add("1");
        }
        return new ColumnType(base + array, List.copyOf(modifiers));
    }

    /**
     * True when PostgreSQL changes a column from this type to {@code next} without rewriting the table: the same
     * type, or a binary-coercible change whose length or precision check can only pass (a varchar made longer or
     * unlimited or text, text to an unlimited varchar, a numeric given more digits with the same scale, a bit
     * varying made longer, cidr to inet).
     */
    public boolean changesWithoutRewrite(ColumnType next) {
        if (equals(next)) {
            return true;
        }
        return switch (name) {
            case "character varying" -> next.name.equals("text")
                    || next.name.equals(name) && widens(modifiers, next.modifiers);
            case "text" -> next.name.equals("character varying") && next.modifiers.isEmpty();
            case "bit varying" -> next.name.equals(name) && widens(modifiers, next.modifiers);
            case "numeric" -> next.name.equals(name) && (next.modifiers.isEmpty() || !modifiers.isEmpty()
                    && number(next.modifiers, 0) >= number(modifiers, 0)
                    && number(next.modifiers, 1) == number(modifiers, 1));
            case "cidr" -> next.name.equals("inet");
            default -> false;
        };
    }

    /**
     * True when every value of this type converts to {@code next} and back unchanged, so that a column changed to
     * {@code next} keeps every value: a change without rewrite, any type to {@code text} or an unlimited
     * {@code varchar}, an integer widened (to a larger integer, or to a numeric with room for all its digits),
     * {@code real} to {@code double precision}, a {@code char} or {@code varchar} lengthened, a numeric given room
     * for more digits on both sides of the point, a date to a timestamp.
     */
    public boolean keepsEveryValue(ColumnType next) {
        if (changesWithoutRewrite(next) || next.name.equals("text")
                || next.name.equals("character varying") && next.modifiers.isEmpty()) {
            return true;
        }
        return switch (name) {
            case "smallint", "integer", "bigint" -> INTEGER_DIGITS.containsKey(next.name)
                    && INTEGER_DIGITS.get(next.name) >= INTEGER_DIGITS.get(name)
                    || next.name.equals("numeric") && (next.modifiers.isEmpty()
                    || number(next.modifiers, 0) - number(next.modifiers, 1) >= INTEGER_DIGITS.get(name));
            case "real" -> next.name.equals("double precision");
            case "character" -> (next.name.equals(name) || next.name.equals("character varying"))
                    && widens(modifiers, next.modifiers);
            case "numeric" -> next.name.equals(name) && !modifiers.isEmpty() && !next.modifiers.isEmpty()
                    && number(next.modifiers, 1) >= number(modifiers, 1)
                    && number(next.modifiers, 0) - number(next.modifiers, 1)
                    >= number(modifiers, 0) - number(modifiers, 1);
            case "date" -> next.name.equals("timestamp without time zone")
                    || next.name.equals("timestamp with time zone");
            default -> false;
        };
    }

    /**
     * True for a string type ({@code text}, {@code varchar}, {@code char}, {@code citext}, {@code name},
     * {@code "char"}): converting its values to another type reads each one whole, and a value that does not read
     * fails the change, except to a type that {@link #cutsStrings cuts strings}.
     */
    public boolean isString() {
        return STRINGS.contains(name);
    }

    /**
     * True for a type that cuts a string converted to it without failing: {@code name} keeps its first 63 bytes,
     * {@code "char"} its first byte. A change from a string type to one of these loses data silently.
     */
    public boolean cutsStrings() {
        return name.equals("name") || name.equals(ONE_BYTE_CHAR);
    }

    /** A length limit that is dropped, or raised from a limit. */
    private static boolean widens(List<String> from, List<String> to) {
        return to.isEmpty() || !from.isEmpty() && number(to, 0) >= number(from, 0);
    }

    /** The modifier at {@code i} as a number (a numeric's scale is 0 when not written), or -1 when unreadable. */
    private static long number(List<String> modifiers, int i) {
        if (i >= modifiers.size()) {
            return 0;
        }
        try {
            return Long.parseLong(modifiers.get(i));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
