package io.ferry.migration.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.StringLiterals;
import io.ferry.migration.testing.StringLiterals.Literal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The core is a library: its messages and hints describe the situation and name what to change as a
 * {@code Remedy}, and the command line words that remedy as its own flags and commands. So no string of
 * the core's main code names a flag ({@code --dir}) or a {@code ferry} command.
 */
class CommandLineWordsTest {

    private static final Path MAIN = Path.of("src/main/java");

    /** A flag: two dashes and a letter. A SQL line comment has a space after its dashes. */
    private static final Pattern FLAG = Pattern.compile("--[a-z]");

    private static final Pattern COMMAND = Pattern.compile("\\bferry (upgrade|downgrade|stamp|history|branches"
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

    /**
     * Files that still hold such hints, because another change rewrites them now; they are converted to
     * remedies after it is merged. A file listed here that holds none any more fails the test, so that
     * the list only shrinks.
     */
    private static final Set<String> PENDING = Set.of(
            "io/ferry/migration/exec/Executor.java",
            "io/ferry/migration/lock/MigrationLock.java");

    @Test
    void noStringNamesAFlag() {
        assertThat(offenders(FLAG)).as("strings naming a command-line flag; say it with a Remedy").isEmpty();
    }

    @Test
    void noStringNamesAFerryCommand() {
        assertThat(offenders(COMMAND)).as("strings naming a ferry command; say it with a Remedy").isEmpty();
    }

    @Test
    void theFilesStillPendingStillNeedIt() {
        List<String> pendingWithHits = StringLiterals.matching(MAIN, FLAG).stream()
                .filter(l -> PENDING.contains(l.file())).map(Literal::file).toList();
        List<String> pendingWithCommands = StringLiterals.matching(MAIN, COMMAND).stream()
                .filter(l -> PENDING.contains(l.file())).map(Literal::file).toList();
        for (String file : PENDING) {
            assertThat(pendingWithHits.contains(file) || pendingWithCommands.contains(file))
                    .as("%s names no flag or command any more: remove it from PENDING", file).isTrue();
        }
    }

    @Test
    void theScanFindsWhatItLooksFor() {
        String source = """
                class X {
                    // raise --lock-wait
                    /* ferry stamp --purge */
                    String a = "run again with --resume";
                    String b = "-- ferry:up";
                    char c = '"';
                    String d = \"""
                        see: ferry branches
                        \""";
                    String e = "a \\" quote, then --dir";
                }
                """;
        List<Literal> literals = StringLiterals.of("X.java", source);
        assertThat(literals).extracting(Literal::line).containsExactly(4, 5, 7, 10);
        assertThat(literals.stream().filter(l -> FLAG.matcher(l.text()).find()).map(Literal::line))
                .containsExactly(4, 10);
        assertThat(literals.stream().filter(l -> COMMAND.matcher(l.text()).find()).map(Literal::line))
                .containsExactly(7);
    }

    private static List<Literal> offenders(Pattern pattern) {
        return StringLiterals.matching(MAIN, pattern).stream()
                .filter(l -> !PENDING.contains(l.file()))
                .filter(l -> pattern.matcher(withoutAllowed(l.text())).find())
                .toList();
    }

    private static String withoutAllowed(String text) {
        String rest = text;
        for (Pattern allowed : NOT_THE_COMMAND_LINE) {
            rest = allowed.matcher(rest).replaceAll("");
        }
        return rest;
    }
}
