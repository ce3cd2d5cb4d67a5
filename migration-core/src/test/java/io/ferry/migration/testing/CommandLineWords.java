package io.ferry.migration.testing;

import io.ferry.migration.testing.StringLiterals.Literal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds string literals in a library's main sources that speak the command line's language (a flag
 * such as {@code --dir}, or a {@code ferry} command): a library names what to change with a remedy, and
 * only the command line words it. Shared by the core's and backfill-jobs' tests.
 */
public final class CommandLineWords {

    /** A flag: two dashes and a letter. A SQL line comment has a space after its dashes. */
    public static final Pattern FLAG = Pattern.compile("--[a-z]");

    /** A ferry command. */
    public static final Pattern COMMAND = Pattern.compile("\\bferry (upgrade|downgrade|stamp|history|branches"
            + "|heads|current|status|revision|merge|baseline|info|migrate|undo|repair|clean|validate|check|show"
            + "|sql|backfill|db)\\b");

    /**
     * Text that looks like the command line's and is not: a header directive written without a space, the
     * history table's comment, psql's own options in a script's instructions.
     */
    private static final List<Pattern> NOT_THE_COMMAND_LINE = List.of(
            Pattern.compile("--\\s*ferry:"),
            Pattern.compile("ferry history layout"),
            Pattern.compile("psql( -[-a-zA-Z]+[ =]?[A-Za-z_=0-9]*)+"));

    private CommandLineWords() {
    }

    /**
     * The literals under {@code main} that match {@code pattern} once the text known not to be the
     * command line's, and {@code alsoAllowed}, is taken out.
     */
    public static List<Literal> offenders(Path main, Pattern pattern, Pattern... alsoAllowed) {
        List<Pattern> allowed = new ArrayList<>(NOT_THE_COMMAND_LINE);
        allowed.addAll(List.of(alsoAllowed));
        return StringLiterals.matching(main, pattern).stream()
                .filter(l -> {
                    String rest = l.text();
                    for (Pattern a : allowed) {
                        rest = a.matcher(rest).replaceAll("");
                    }
                    return pattern.matcher(rest).find();
                })
                .toList();
    }
}
