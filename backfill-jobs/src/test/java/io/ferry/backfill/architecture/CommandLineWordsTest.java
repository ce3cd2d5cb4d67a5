package io.ferry.backfill.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.CommandLineWords;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * backfill-jobs is a library too: its hints name what to change as a {@code Remedy}
 * ({@code BackfillRemedy}), never a flag or a {@code ferry} command.
 */
class CommandLineWordsTest {

    private static final Path MAIN = Path.of("src/main/java");

    /** The state a restart leaves on the run it abandons: data in ferry_backfill_runs, not a hint. */
    private static final Pattern STORED_STATE = Pattern.compile("abandoned by --restart");

    @Test
    void noStringNamesAFlagOrAFerryCommand() {
        assertThat(CommandLineWords.offenders(MAIN, CommandLineWords.FLAG, STORED_STATE))
                .as("strings naming a command-line flag; say it with a Remedy").isEmpty();
        assertThat(CommandLineWords.offenders(MAIN, CommandLineWords.COMMAND))
                .as("strings naming a ferry command; say it with a Remedy").isEmpty();
    }
}
