package io.ferry.migration.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a PostgreSQL script into statements the way PostgreSQL's own lexer sees them, so that a
 * semicolon ends a statement only where it is not inside:
 * <ul>
 *   <li>a single-quoted string ({@code 'it''s'}), including escape strings ({@code E'a\'b'});</li>
 *   <li>a double-quoted identifier ({@code "a;b"});</li>
 *   <li>a dollar-quoted body ({@code $$ ... $$}, {@code $body$ ... $body$});</li>
 *   <li>a line comment ({@code -- ...}) or a block comment, which nests ({@code /* /* *&#47; *&#47;});</li>
 *   <li>the {@code BEGIN ATOMIC ... END} body of a SQL-standard function or procedure.</li>
 * </ul>
 * Comments and blank space between statements are dropped; comments inside a statement are kept.
 * Each statement records the line its first token stands on, for error messages.
 */
public final class SqlSplitter {

    private final String sql;
    private final int firstLine;
    private final int[] lineStarts;

    private SqlSplitter(String sql, int firstLine) {
        this.sql = sql;
        this.firstLine = firstLine;
        this.lineStarts = lineStarts(sql);
    }

    /** Splits a script whose first line is line 1. */
    public static List<SqlStatement> split(String sql) {
        return split(sql, 1);
    }

    /**
     * Splits a script that starts at {@code firstLine} of some file, so that the statements carry the
     * file's line numbers.
     *
     * @throws SqlSyntaxException when a string, identifier, dollar quote or comment is not closed
     */
    public static List<SqlStatement> split(String sql, int firstLine) {
        return new SqlSplitter(sql, firstLine).run();
    }

    private List<SqlStatement> run() {
        List<SqlStatement> statements = new ArrayList<>();
        int n = sql.length();
        int start = -1;             // index of the current statement's first token, -1 before it
        int atomicDepth = 0;        // depth inside BEGIN ATOMIC ... END
        List<String> leadingWords = new ArrayList<>(4);
        int i = skipSpaceAndComments(0);
        while (i < n) {
            char c = sql.charAt(i);
            if (c == ';' && atomicDepth == 0) {
                if (start >= 0) {
                    statements.add(statement(start, i));
                }
                start = -1;
                leadingWords.clear();
                i++;
            } else {
                if (start < 0) {
                    start = i;
                }
                if (c == '\'') {
                    i = endOfString(i, isEscapeStringPrefix(i));
                } else if (c == '"') {
                    i = endOfQuotedIdentifier(i);
                } else if (c == '$' && dollarTagLength(i) > 0) {
                    i = endOfDollarQuote(i, dollarTagLength(i));
                } else if (isIdentifierStart(c)) {
                    int end = endOfWord(i);
                    // Words matter only at the start of a statement and inside routine definitions.
                    if (leadingWords.size() < 4 || isRoutineDefinition(leadingWords)) {
                        String word = sql.substring(i, end).toLowerCase(Locale.ROOT);
                        if (leadingWords.size() < 4) {
                            leadingWords.add(word);
                        }
                        atomicDepth = trackAtomicBody(word, end, atomicDepth, leadingWords);
                    }
                    i = end;
                } else {
                    i++;
                }
            }
            i = skipSpaceAndComments(i);
        }
        if (start >= 0) {
            statements.add(statement(start, n));
        }
        return statements;
    }

    /**
     * Follows {@code BEGIN ATOMIC ... END} in {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}, where
     * the body holds statements with their own semicolons. Inside it, {@code CASE ... END} nests too.
     */
    private int trackAtomicBody(String word, int wordEnd, int depth, List<String> leadingWords) {
        if (!isRoutineDefinition(leadingWords)) {
            return depth;
        }
        if (word.equals("begin") && nextWordIs(wordEnd, "atomic")) {
            return depth + 1;
        }
        if (depth > 0 && word.equals("case")) {
            return depth + 1;
        }
        if (depth > 0 && word.equals("end")) {
            return depth - 1;
        }
        return depth;
    }

    private static boolean isRoutineDefinition(List<String> words) {
        if (words.isEmpty() || !words.get(0).equals("create")) {
            return false;
        }
        return words.contains("function") || words.contains("procedure");
    }

    private boolean nextWordIs(int from, String expected) {
        int i = skipSpaceAndComments(from);
        int end = i < sql.length() && isIdentifierStart(sql.charAt(i)) ? endOfWord(i) : i;
        return sql.substring(i, end).equalsIgnoreCase(expected);
    }

    /** The index of the first character at or after {@code i} that is neither blank nor in a comment. */
    private int skipSpaceAndComments(int i) {
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && peek(i + 1) == '-') {
                i = endOfLineComment(i);
            } else if (c == '/' && peek(i + 1) == '*') {
                i = endOfBlockComment(i);
            } else {
                return i;
            }
        }
        return i;
    }

    private SqlStatement statement(int start, int end) {
        int e = end;
        while (e > start && Character.isWhitespace(sql.charAt(e - 1))) {
            e--;
        }
        return new SqlStatement(sql.substring(start, e), lineOf(start), columnOf(start));
    }

    private int endOfLineComment(int i) {
        int nl = sql.indexOf('\n', i);
        return nl < 0 ? sql.length() : nl;
    }

    private int endOfBlockComment(int open) {
        int end = blockCommentEnd(sql, open);
        if (end < 0) {
            throw unterminated(open, "block comment", "*/");
        }
        return end;
    }

    /** The index after the block comment (which nests) opening at {@code open}, or -1 when it is never closed. */
    static int blockCommentEnd(String sql, int open) {
        int depth = 0;
        int i = open;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * The index after the closing {@code quote} of the text opening at {@code open}, a doubled quote standing for
     * one (and, in an escape string, a backslash escaping the next character); -1 when it is never closed.
     */
    static int quotedEnd(String sql, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    private boolean isEscapeStringPrefix(int quote) {
        return isEscapeStringPrefix(sql, quote);
    }

    /** A quote is an escape string when an {@code E} (and nothing else of a word) stands right before it. */
    static boolean isEscapeStringPrefix(String sql, int quote) {
        if (quote == 0) {
            return false;
        }
        char e = sql.charAt(quote - 1);
        if (e != 'E' && e != 'e') {
            return false;
        }
        return quote < 2 || !isIdentifierPart(sql.charAt(quote - 2));
    }

    private int endOfString(int open, boolean escapes) {
        int end = quotedEnd(sql, open, '\'', escapes);
        if (end < 0) {
            throw unterminated(open, escapes ? "escape string (E'...')" : "string", "'");
        }
        return end;
    }

    private int endOfQuotedIdentifier(int open) {
        int end = quotedEnd(sql, open, '"', false);
        if (end < 0) {
            throw unterminated(open, "quoted identifier", "\"");
        }
        return end;
    }

    /**
     * The length of the dollar-quote opener ({@code $$} or {@code $tag$}) at {@code i}, or 0 when the
     * dollar sign there is something else: a parameter such as {@code $1}, or part of an identifier.
     */
    private int dollarTagLength(int i) {
        if (i > 0 && isIdentifierPart(sql.charAt(i - 1))) {
            return 0;
        }
        int j = i + 1;
        if (j < sql.length() && sql.charAt(j) != '$') {
            if (!isIdentifierStart(sql.charAt(j))) {
                return 0;
            }
            while (j < sql.length() && isIdentifierPart(sql.charAt(j)) && sql.charAt(j) != '$') {
                j++;
            }
        }
        return j < sql.length() && sql.charAt(j) == '$' ? j - i + 1 : 0;
    }

    private int endOfDollarQuote(int open, int tagLength) {
        String tag = sql.substring(open, open + tagLength);
        int close = sql.indexOf(tag, open + tagLength);
        if (close < 0) {
            throw unterminated(open, "dollar-quoted string", tag);
        }
        return close + tagLength;
    }

    private int endOfWord(int i) {
        int j = i + 1;
        while (j < sql.length() && isIdentifierPart(sql.charAt(j))) {
            j++;
        }
        return j;
    }

    private char peek(int i) {
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || Character.isDigit(c) || c == '$';
    }

    private SqlSyntaxException unterminated(int open, String what, String closer) {
        int line = lineOf(open);
        return new SqlSyntaxException(line,
                what + " opened at line " + line + " is never closed (expected " + closer + ")");
    }

    /** The 1-based column of {@code index} on its line of the script. */
    private int columnOf(int index) {
        int pos = Arrays.binarySearch(lineStarts, index);
        int lineStart = pos >= 0 ? lineStarts[pos] : lineStarts[-pos - 2];
        return index - lineStart + 1;
    }

    private int lineOf(int index) {
        int pos = Arrays.binarySearch(lineStarts, index);
        int zeroBased = pos >= 0 ? pos : -pos - 2;
        return firstLine + zeroBased;
    }

    private static int[] lineStarts(String text) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int k = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[k++] = i + 1;
            }
        }
        return starts;
    }
}
