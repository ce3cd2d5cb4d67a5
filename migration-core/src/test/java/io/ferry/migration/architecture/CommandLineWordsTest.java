package io.ferry.migration.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.CommandLineWords;
import io.ferry.migration.testing.StringLiterals;
import io.ferry.migration.testing.StringLiterals.Literal;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The core is a library: its messages and hints describe the situation and name what to change as a
 * {@code Remedy}, and the command line words that remedy as its own flags and commands. So no string of
 * the core's main code names a flag ({@code --dir}) or a {@code ferry} command.
 */
class CommandLineWordsTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern FLAG = CommandLineWords.FLAG;
    private static final Pattern COMMAND = CommandLineWords.COMMAND;

    @Test
    void noStringNamesAFlag() {
        assertThat(CommandLineWords.offenders(MAIN, FLAG)).as("strings naming a command-line flag; say it with a Remedy")
                .isEmpty();
    }

    @Test
    void noStringNamesAFerryCommand() {
        assertThat(CommandLineWords.offenders(MAIN, COMMAND)).as("strings naming a ferry command; say it with a Remedy")
                .isEmpty();
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

}
