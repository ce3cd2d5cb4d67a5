package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which commands a command line gets: those it names, or all of them when it names none or lists them. */
class FerryCommandTest {

    private static List<String> commandsFor(String... args) {
        CommandLine ferry = FerryCommand.addCommands(new CommandLine(new FerryCommand()), List.of(args));
        return List.copyOf(ferry.getSubcommands().keySet());
    }

    @Test
    void aLineThatNamesACommandGetsThatCommandAlone() {
        assertThat(commandsFor("current", "--url", "jdbc:postgresql://db/app", "--json")).containsExactly("current");
        assertThat(commandsFor("db", "start")).containsExactly("db");
    }

    @Test
    void aValueThatIsACommandsNameAddsThatCommandToo() {
        assertThat(commandsFor("--dir", "db", "current")).containsExactly("current", "db");
    }

    @Test
    void aLineThatNamesNoCommandGetsThemAllInTheOrderOfTheHelp() {
        List<String> all = List.copyOf(FerryCommand.COMMANDS.keySet());
        assertThat(all).hasSize(30).startsWith("upgrade", "downgrade", "current").endsWith("db", "help", "completion");
        assertThat(commandsFor()).isEqualTo(all);
        assertThat(commandsFor("--version")).isEqualTo(all);
        assertThat(commandsFor("curent")).isEqualTo(all);
        // A typo before a word that is a command's name: picocli suggests from all of them.
        assertThat(commandsFor("upgrad", "heads")).isEqualTo(all);
        assertThat(commandsFor("--url", "jdbc:postgresql://db/app", "backfil", "status")).isEqualTo(all);
    }

    @Test
    void aLineAskingForHelpOrCompletionGetsThemAll() {
        List<String> all = List.copyOf(FerryCommand.COMMANDS.keySet());
        assertThat(commandsFor("help", "current")).isEqualTo(all);
        assertThat(commandsFor("--help", "current")).isEqualTo(all);
        assertThat(commandsFor("-vh", "current")).isEqualTo(all);
        assertThat(commandsFor("completion")).isEqualTo(all);
    }

    @Test
    void theCommandsItAddsParseAsWhenAllAreThere() {
        String[] line = {"--dir", "db", "current", "--json"};
        CommandLine some = CommandLineSetup.configure(
                FerryCommand.addCommands(new CommandLine(new FerryCommand()), List.of(line)));
        CommandLine all = CommandLineSetup.configure(
                FerryCommand.addCommands(new CommandLine(new FerryCommand()), List.of()));
        assertThat(some.parseArgs(line).subcommand().commandSpec().name()).isEqualTo("current");
        assertThat(all.parseArgs(line).subcommand().commandSpec().name()).isEqualTo("current");
        assertThat(matched(some.parseArgs(line))).isEqualTo(matched(all.parseArgs(line))).contains("--dir", "--json");
    }

    private static List<String> matched(CommandLine.ParseResult result) {
        return result.asCommandLineList().stream()
                .flatMap(line -> line.getParseResult().matchedOptions().stream().map(o -> o.longestName())).toList();
    }
}
