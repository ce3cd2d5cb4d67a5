package io.ferry.migration.sql;

import java.util.Locale;

/**
 * One token of a statement, as {@link SqlTokens} reads it.
 *
 * @param kind  what sort of token it is
 * @param text  the token as written
 * @param value for a word its lower-case form, for a quoted identifier or a string its content (quotes removed,
 *              doubled quotes made single), else the text
 * @param start the offset of its first character in the statement's text
 * @param end   the offset just after its last character
 * @param depth how many parentheses enclose it (0: the statement's top level)
 */
public record Token(Kind kind, String text, String value, int start, int end, int depth) {

    /** The sorts of token. */
    public enum Kind {
        /** A keyword or an unquoted identifier. */
        WORD,
        /** A double-quoted identifier. */
        QUOTED,
        /** A string constant: single-quoted, escape or dollar-quoted. */
        STRING,
        /** A numeric constant. */
        NUMBER,
        /** Punctuation or an operator: {@code ( ) , ; . :: =} and the like. */
        SYMBOL
    }

    /** True for a word equal to {@code keyword}, in any case. */
    public boolean is(String keyword) {
        return kind == Kind.WORD && value.equals(keyword.toLowerCase(Locale.ROOT));
    }

    /** True for the symbol {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** True for a word or a quoted identifier: something that can name an object. */
    public boolean isName() {
        return kind == Kind.WORD || kind == Kind.QUOTED;
    }
}
