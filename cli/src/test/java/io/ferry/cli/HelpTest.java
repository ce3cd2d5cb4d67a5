package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help, as ./ferry builds it, reads cleanly in an 80-column terminal. */
class HelpTest {

    private static List<CommandLine> everyCommand(CommandLine commandLine) {
        List<CommandLine> all = new ArrayList<>();
        all.add(commandLine);
        commandLine.getSubcommands().values().forEach(sub -> all.addAll(everyCommand(sub)));
        return all;
    }

    private static CommandLine ferry() {
        return CommandLineSetup.configure(FerryCommand.addCommands(new CommandLine(new FerryCommand()), List.of()));
    }

    @Test
    void everyLineOfEveryHelpFitsIn80Columns() {
        List<CommandLine> commands = everyCommand(ferry());
        assertThat(commands).hasSizeGreaterThan(30);
        for (CommandLine command : commands) {
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (String line : help.lines().toList()) {
                assertThat(line.length()).as("'%s --help': %s", command.getCommandSpec().qualifiedName(), line)
                        .isLessThanOrEqualTo(80);
            }
        }
    }

    @Test
    void footersAreNeverWrappedMidSentence() {
        List<String> wrapped = new ArrayList<>();
        for (CommandLine command : everyCommand(ferry())) {
            List<String> lines = command.getUsageMessage(CommandLine.Help.Ansi.OFF).lines().toList();
            for (String footer : command.getCommandSpec().usageMessage().footer()) {
                if (!lines.contains(footer.stripTrailing())) {
                    wrapped.add(command.getCommandSpec().qualifiedName() + ": " + footer);
                }
            }
        }
        assertThat(wrapped).as("footer lines that picocli had to wrap").isEmpty();
    }

    @Test
    void fileOnlyCommandsAcceptButDoNotOfferTheConnectionOptions() {
        CommandLine ferry = ferry();
        CommandLine heads = ferry.getSubcommands().get("heads");
        assertThat(heads.getCommandSpec().findOption("--url")).isNotNull();
        assertThat(heads.getCommandSpec().findOption("--url").hidden()).isTrue();
        assertThat(heads.getUsageMessage(CommandLine.Help.Ansi.OFF)).doesNotContain("--url").contains("--dir");
        assertThat(ferry.getSubcommands().get("upgrade").getUsageMessage(CommandLine.Help.Ansi.OFF))
                .contains("--url", "--dir", "--lock-timeout");
        assertThat(ferry.getUsageMessage(CommandLine.Help.Ansi.OFF)).contains("--url", "--dir",
                "before or after the command");
    }
}
