package io.ferry.migration.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for snapshots: writing strings, and parsing text into maps, lists, strings, whole
 * numbers ({@code long}), booleans and nulls. Fractions and exponents are refused: a snapshot has none.
 */
final class JsonText {

    /** Malformed JSON, with the offset where it goes wrong. */
    static final class Malformed extends RuntimeException {

        Malformed(String message, int offset) {
            super(message + " at character " + (offset + 1));
        }
    }

    private final String text;
    private int at;

    private JsonText(String text) {
        this.text = text;
    }

    /** Appends {@code value} as a JSON string, escaping quotes, backslashes and control characters. */
    static void writeString(StringBuilder out, String value) {
        out.append('"');
        int length = value.length();
        int plain = 0;
        while (plain < length) {
            char ch = value.charAt(plain);
            if (ch < 0x20 || ch == '"' || ch == '\\') {
                break;
            }
            plain++;
        }
        if (plain == length) {
            out.append(value).append('"'); // the common case, copied whole
            return;
        }
        out.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The value {@code text} holds: a {@code Map<String, Object>}, {@code List<Object>}, String, Long, Boolean or null. */
    static Object parse(String text) {
        JsonText p = new JsonText(text);
        Object value = p.value();
        p.blanks();
        if (p.at < text.length()) {
            throw new Malformed("unexpected text after the JSON value", p.at);
        }
        return value;
    }

    private Object value() {
        blanks();
        if (at >= text.length()) {
            throw new Malformed("the text ends where a value should be", at);
        }
        char ch = text.charAt(at);
        return switch (ch) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> word("true", Boolean.TRUE);
            case 'f' -> word("false", Boolean.FALSE);
            case 'n' -> word("null", null);
            default -> {
                if (ch == '-' || Character.isDigit(ch)) {
                    yield number();
                }
                throw new Malformed("unexpected character '" + ch + "'", at);
            }
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> out = new LinkedHashMap<>();
        at++;
        blanks();
        if (peek('}')) {
            at++;
            return out;
        }
        while (true) {
            blanks();
            if (!peek('"')) {
                throw new Malformed("expected a key in quotes", at);
            }
            int keyAt = at;
            String key = string();
            blanks();
            expect(':');
            if (out.containsKey(key)) {
                throw new Malformed("key \"" + key + "\" appears twice", keyAt);
            }
            out.put(key, value());
            blanks();
            if (peek(',')) {
                at++;
            } else {
                expect('}');
                return out;
            }
        }
    }

    private List<Object> array() {
        List<Object> out = new ArrayList<>();
        at++;
        blanks();
        if (peek(']')) {
            at++;
            return out;
        }
        while (true) {
            out.add(value());
            blanks();
            if (peek(',')) {
                at++;
            } else {
                expect(']');
                return out;
            }
        }
    }

    private String string() {
        StringBuilder out = new StringBuilder();
        at++;
        while (at < text.length()) {
            char ch = text.charAt(at++);
            if (ch == '"') {
                return out.toString();
            }
            if (ch != '\\') {
                out.append(ch);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw new Malformed("a \\u escape needs four hex digits", at);
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException e) {
                        throw new Malformed("a \\u escape needs four hex digits", at);
                    }
                    at += 4;
                }
                default -> throw new Malformed("unknown escape \\" + escaped, at - 1);
            }
        }
        throw new Malformed("a string is not closed", text.length());
    }

    private Long number() {
        int start = at;
        if (peek('-')) {
            at++;
        }
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        if (at < text.length() && ".eE".indexOf(text.charAt(at)) >= 0) {
            throw new Malformed("only whole numbers are expected", at);
        }
        try {
            return Long.parseLong(text.substring(start, at));
        } catch (NumberFormatException e) {
            throw new Malformed("not a whole number in range", start);
        }
    }

    private Object word(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw new Malformed("unexpected text", at);
        }
        at += word.length();
        return value;
    }

    private void blanks() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private boolean peek(char ch) {
        return at < text.length() && text.charAt(at) == ch;
    }

    private void expect(char ch) {
        if (!peek(ch)) {
            throw new Malformed("expected '" + ch + "'", at);
        }
        at++;
    }
}
