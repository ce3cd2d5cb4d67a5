package io.ferry.migration.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A statement read into tokens, comments left out, each token knowing where it stands in the file: what the lint
 * rules and the data-loss guard read statements with. It is a lexer, not a parser: rules look for keyword
 * sequences at a given parenthesis depth, which is enough for the DDL they check.
 */
public final class SqlTokens {

    private final SqlStatement statement;
    private final List<Token> tokens;
    private final int[] lineStarts;

    private SqlTokens(SqlStatement statement, List<Token> tokens) {
        this.statement = statement;
        this.tokens = Collections.unmodifiableList(tokens);
        this.lineStarts = lineStarts(statement.sql());
    }

    /** Reads a statement as {@link SqlSplitter} cut it. */
    public static SqlTokens of(SqlStatement statement) {
        return new SqlTokens(statement, lex(statement.sql()));
    }

    /** Reads a statement that starts at line 1, column 1 (tests, and SQL built in code). */
    public static SqlTokens of(String sql) {
        return of(new SqlStatement(sql, 1, 1));
    }

    /**
     * The statement's first word in lower case, comments before it skipped, without reading the rest (a large
     * {@code INSERT} is not lexed to learn that it is one); empty when it starts with no word.
     */
    public static String firstWord(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (sql.startsWith("/*", i)) {
                i = endOfBlockComment(sql, i);
            } else {
                break;
            }
        }
        int j = i;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return sql.substring(i, j).toLowerCase(Locale.ROOT);
    }

    public SqlStatement statement() {
        return statement;
    }

    public List<Token> tokens() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    /** The token at {@code i}, or null past the end. */
    public Token get(int i) {
        return i >= 0 && i < tokens.size() ? tokens.get(i) : null;
    }

    /** True when the token at {@code i} is the word {@code keyword}. */
    public boolean is(int i, String keyword) {
        Token t = get(i);
        return t != null && t.is(keyword);
    }

    /** True when the statement's first words are {@code words}, in any case. */
    public boolean startsWith(String... words) {
        return matches(0, words);
    }

    /** True when the words from {@code i} on are {@code words}. */
    public boolean matches(int i, String... words) {
        for (int k = 0; k < words.length; k++) {
            if (!is(i + k, words[k])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of the first place at or after {@code from} and before {@code to} where {@code words} follow each
     * other at parenthesis depth {@code depth}, or -1.
     */
    public int find(int from, int to, int depth, String... words) {
        for (int i = Math.max(0, from); i < Math.min(to, tokens.size()); i++) {
            if (tokens.get(i).depth() == depth && matches(i, words)) {
                return i;
            }
        }
        return -1;
    }

    /** {@link #find(int, int, int, String...)} at the top level, over the whole statement. */
    public int findTop(String... words) {
        return find(0, tokens.size(), 0, words);
    }

    /** True when {@code words} follow each other anywhere in {@code [from, to)} at depth {@code depth}. */
    public boolean contains(int from, int to, int depth, String... words) {
        return find(from, to, depth, words) >= 0;
    }

    /** The index of the parenthesis that closes the one at {@code open}, or the end of the statement. */
    public int closing(int open) {
        int depth = tokens.get(open).depth();
        for (int i = open + 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol(")") && t.depth() == depth) {
                return i;
            }
        }
        return tokens.size();
    }

    /**
     * The ranges of {@code [from, to)} between the commas at depth {@code depth}: the actions of an
     * {@code ALTER TABLE}, the elements of a {@code CREATE TABLE}, the names of a {@code DROP}.
     */
    public List<Range> split(int from, int to, int depth) {
        List<Range> parts = new ArrayList<>();
        int start = from;
        for (int i = from; i < Math.min(to, tokens.size()); i++) {
            Token t = tokens.get(i);
            if (t.depth() == depth && t.isSymbol(",")) {
                if (i > start) {
                    parts.add(new Range(start, i));
                }
                start = i + 1;
            }
        }
        if (Math.min(to, tokens.size()) > start) {
            parts.add(new Range(start, Math.min(to, tokens.size())));
        }
        return parts;
    }

    /** A run of tokens: {@code from} inclusive, {@code to} exclusive. */
    public record Range(int from, int to) {
        public boolean isEmpty() {
            return to <= from;
        }
    }

    /**
     * The possibly schema-qualified name that starts at {@code i} ({@code name}, {@code schema.name}; a third part,
     * as in {@code db.schema.name}, keeps the last two), or empty when no name starts there.
     */
    public Optional<QualifiedName> name(int i) {
        Token first = get(i);
        if (first == null || !first.isName()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>(List.of(first.value()));
        int k = i + 1;
        while (get(k) != null && get(k).isSymbol(".") && get(k + 1) != null && get(k + 1).isName()) {
            parts.add(get(k + 1).value());
            k += 2;
        }
        int n = parts.size();
        return Optional.of(n == 1 ? QualifiedName.of(parts.get(0)) : QualifiedName.of(parts.get(n - 2), parts.get(n - 1)));
    }

    /** The index just after the name that starts at {@code i} (see {@link #name}). */
    public int afterName(int i) {
        int k = i + 1;
        while (get(k) != null && get(k).isSymbol(".") && get(k + 1) != null && get(k + 1).isName()) {
            k += 2;
        }
        return k;
    }

    /** The statement's text from token {@code from} to the end of token {@code to - 1}, as written. */
    public String text(int from, int to) {
        if (to <= from) {
            return "";
        }
        return statement.sql().substring(tokens.get(from).start(), tokens.get(Math.min(to, tokens.size()) - 1).end());
    }

    /** The line of the file on which {@code token} starts. */
    public int line(Token token) {
        return statement.line() + lineIndex(token.start());
    }

    /** The column of that line at which the token starts (1-based). */
    public int column(Token token) {
        int index = lineIndex(token.start());
        return index == 0 ? statement.column() + token.start() : token.start() - lineStarts[index] + 1;
    }

    private int lineIndex(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return statement.sql();
    }

    // ---------------------------------------------------------------- the lexer

    private static List<Token> lex(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int depth = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && next == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && next == '*') {
                i = endOfBlockComment(sql, i);
            } else if (c == '\'' || ((c == 'E' || c == 'e') && next == '\'' && !wordBefore(sql, i))) {
                int open = c == '\'' ? i : i + 1;
                int end = endOfQuoted(sql, open, '\'', c != '\'');
                String body = sql.substring(open + 1, Math.max(open + 1, end - 1));
                out.add(new Token(Token.Kind.STRING, sql.substring(i, end), body.replace("''", "'"), i, end, depth));
                i = end;
            } else if (c == '"') {
                int end = endOfQuoted(sql, i, '"', false);
                String body = sql.substring(i + 1, Math.max(i + 1, end - 1));
                out.add(new Token(Token.Kind.QUOTED, sql.substring(i, end), body.replace("\"\"", "\""), i, end, depth));
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                int end = close < 0 ? n : close + tag.length();
                String body = sql.substring(i + tag.length(), close < 0 ? n : close);
                out.add(new Token(Token.Kind.STRING, sql.substring(i, end), body, i, end, depth));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
                    j++;
                }
                String word = sql.substring(i, j);
                out.add(new Token(Token.Kind.WORD, word, word.toLowerCase(Locale.ROOT), i, j, depth));
                i = j;
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next))) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '.'
                        || sql.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(Token.Kind.NUMBER, sql.substring(i, j), sql.substring(i, j), i, j, depth));
                i = j;
            } else if (c == '(') {
                out.add(new Token(Token.Kind.SYMBOL, "(", "(", i, i + 1, depth));
                depth++;
                i++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
                out.add(new Token(Token.Kind.SYMBOL, ")", ")", i, i + 1, depth));
                i++;
            } else if (c == ':' && next == ':') {
                out.add(new Token(Token.Kind.SYMBOL, "::", "::", i, i + 2, depth));
                i += 2;
            } else {
                out.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), String.valueOf(c), i, i + 1, depth));
                i++;
            }
        }
        return out;
    }

    private static boolean wordBefore(String sql, int i) {
        return i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_');
    }

    /** The index after the closing quote of the text opening at {@code open}, or the end of an unclosed one. */
    private static int endOfQuoted(String sql, int open, char quote, boolean backslashEscapes) {
        int end = SqlSplitter.quotedEnd(sql, open, quote, backslashEscapes);
        return end < 0 ? sql.length() : end;
    }

    private static int endOfBlockComment(String sql, int open) {
        int end = SqlSplitter.blockCommentEnd(sql, open);
        return end < 0 ? sql.length() : end;
    }

    private static String dollarTag(String sql, int i) {
        if (wordBefore(sql, i)) {
            return null;
        }
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            if (j == i + 1 && Character.isDigit(sql.charAt(j))) {
                return null; // $1 is a parameter
            }
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }
}
