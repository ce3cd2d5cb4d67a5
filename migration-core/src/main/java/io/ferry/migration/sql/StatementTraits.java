package io.ferry.migration.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the executor needs to know about a statement before running it: whether PostgreSQL refuses it
 * inside a transaction block, and whether it works concurrently (and so must be allowed to wait for
 * locks rather than time out half-way).
 */
public final class StatementTraits {

    private static final int MAX_WORDS = 64;

    /**
     * Every construct {@link #refusedInTransaction()} reports holds at least one of these words; a script
     * without any of them holds no such statement.
     */
    private static final List<String> REFUSAL_WORDS = List.of("VACUUM", "DATABASE", "TABLESPACE", "CONCURRENTLY",
            "SYSTEM");
    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$(?:[A-Za-z_][A-Za-z0-9_]*)?\\$");

    private final List<String> words;

    private StatementTraits(List<String> words) {
        this.words = words;
    }

    public static StatementTraits of(SqlStatement statement) {
        return of(statement.sql());
    }

    public static StatementTraits of(String sql) {
        return new StatementTraits(leadingWords(sql));
    }

    /**
     * False when no statement of a whole script can be {@linkplain #refusedInTransaction() refused in a
     * transaction}, decided without splitting it: none of the words such a statement needs appears in it,
     * in any case, even inside a longer word, a string or a comment. True means only that splitting the
     * script is needed to know.
     */
    public static boolean mayBeRefusedInTransaction(String script) {
        // The words of a statement are compared after toUpperCase(Locale.ROOT), which maps each character
        // on its own (a few non-ASCII letters, such as the long s, become ASCII ones): a word equal to one
        // of these is a piece of the whole script upper-cased the same way.
        String upper = script.toUpperCase(Locale.ROOT);
        for (String word : REFUSAL_WORDS) {
            if (upper.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The construct PostgreSQL refuses inside a transaction block, such as
     * {@code CREATE INDEX CONCURRENTLY}, or empty when the statement may run in a transaction.
     */
    public Optional<String> refusedInTransaction() {
        String w0 = word(0);
        String w1 = word(1);
        switch (w0) {
            case "VACUUM":
                return Optional.of("VACUUM");
            case "CREATE":
                if (w1.equals("DATABASE") || w1.equals("TABLESPACE")) {
                    return Optional.of("CREATE " + w1);
                }
                if (indexConcurrently(1)) {
                    return Optional.of("CREATE INDEX CONCURRENTLY");
                }
                return Optional.empty();
            case "DROP":
                if (w1.equals("DATABASE") || w1.equals("TABLESPACE")) {
                    return Optional.of("DROP " + w1);
                }
                if (w1.equals("INDEX") && word(2).equals("CONCURRENTLY")) {
                    return Optional.of("DROP INDEX CONCURRENTLY");
                }
                return Optional.empty();
            case "REINDEX":
                if (words.contains("CONCURRENTLY")) {
                    return Optional.of("REINDEX CONCURRENTLY");
                }
                if (w1.equals("DATABASE") || w1.equals("SYSTEM")) {
                    return Optional.of("REINDEX " + w1);
                }
                return Optional.empty();
            case "ALTER":
                if (w1.equals("SYSTEM")) {
                    return Optional.of("ALTER SYSTEM");
                }
                if (w1.equals("TABLE") && words.contains("DETACH") && words.get(words.size() - 1).equals("CONCURRENTLY")) {
                    return Optional.of("ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY");
                }
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /**
     * A statement that manages the transaction itself ({@code BEGIN}, {@code COMMIT}, ...), which
     * would break the one-transaction-per-revision guarantee.
     */
    public Optional<String> controlsTransaction() {
        return switch (word(0)) {
            case "BEGIN", "COMMIT", "ROLLBACK", "END", "ABORT" -> Optional.of(word(0));
            case "START" -> word(1).equals("TRANSACTION") ? Optional.of("START TRANSACTION") : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * True when the statement surely returns no rows, so that it can be sent in a batch with others (the
     * driver runs a batch's entries for one row at most and drops their rows, which would cut a query short):
     * data definition, grants, {@code DO}, settings and locks, and data changes without {@code RETURNING}.
     * False for everything else, and whenever unsure (a statement too long for its leading words to show a
     * {@code RETURNING}).
     */
    public boolean returnsNoRows() {
        if (words.size() >= MAX_WORDS) {
            return false;
        }
        return switch (word(0)) {
            case "CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE", "TRUNCATE", "DO", "SET", "RESET", "LOCK" -> true;
            case "INSERT", "UPDATE", "DELETE", "MERGE" -> !words.contains("RETURNING");
            default -> false;
        };
    }

    /** True for {@code DEALLOCATE} and {@code DISCARD}, which can drop the session's prepared statements. */
    public boolean deallocates() {
        return word(0).equals("DEALLOCATE") || word(0).equals("DISCARD");
    }

    /** True for statements that work concurrently with the application and wait on locks by design. */
    public boolean isConcurrent() {
        return words.contains("CONCURRENTLY");
    }

    /** True when {@code INDEX CONCURRENTLY} follows, after an optional {@code UNIQUE}. */
    private boolean indexConcurrently(int from) {
        int i = word(from).equals("UNIQUE") ? from + 1 : from;
        return word(i).equals("INDEX") && word(i + 1).equals("CONCURRENTLY");
    }

    private String word(int i) {
        return i < words.size() ? words.get(i) : "";
    }

    private static String dollarTag(String sql, int i) {
        Matcher m = DOLLAR_TAG.matcher(sql).region(i, sql.length());
        return m.lookingAt() && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1))) ? m.group() : null;
    }

    /**
     * The statement's bare words in upper case, skipping comments, quoted text and parenthesised
     * option lists; a quoted identifier or string counts as a word that matches no keyword.
     */
    private static List<String> leadingWords(String sql) {
        List<String> result = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n && result.size() < MAX_WORDS) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = SqlSplitter.blockCommentEnd(sql, i);
                i = close < 0 ? n : close;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
                i++;
            } else if (c == '\'' || c == '"') {
                int close = SqlSplitter.quotedEnd(sql, i, c, c == '\'' && SqlSplitter.isEscapeStringPrefix(sql, i));
                i = close < 0 ? n : close;
                if (depth == 0) {
                    result.add("\u0000quoted");
                }
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                    j++;
                }
                if (depth == 0) {
                    result.add(sql.substring(i, j).toUpperCase(Locale.ROOT));
                }
                i = j;
            } else {
                i++;
            }
        }
        return result;
    }
}
