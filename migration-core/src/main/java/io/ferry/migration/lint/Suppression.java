package io.ferry.migration.lint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code -- ferry:lint-ignore RULE[,RULE...] reason} comment in a migration file. It covers the statement it
 * stands in, on the line after which it stands, or just before (between that statement and the one before it).
 *
 * @param line   the line of the file the comment is on
 * @param column the column its {@code --} starts at
 * @param rules  the rule ids it names
 * @param reason why, required; empty when the comment gives none (and then it suppresses nothing)
 */
record Suppression(int line, int column, List<String> rules, String reason) {

    private static final Pattern COMMENT = Pattern.compile("--\\s*ferry:lint-ignore\\b[ \\t]*([^\\s]*)[ \\t]*(.*)$");

    /** The suppressions in a body of SQL whose first line is line {@code firstLine} of its file. */
    static List<Suppression> read(String sql, int firstLine) {
        List<Suppression> found = new ArrayList<>();
        String[] lines = sql.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = COMMENT.matcher(lines[i]);
            if (m.find()) {
                List<String> rules = Arrays.stream(m.group(1).split(",")).map(String::strip)
                        .filter(r -> !r.isEmpty()).toList();
                found.add(new Suppression(firstLine + i, m.start() + 1, rules, m.group(2).strip()));
            }
        }
        return found;
    }

    boolean hasReason() {
        return !reason.isEmpty() && !rules.isEmpty();
    }
}
