package io.ferry.cli;

import io.ferry.cli.commands.AlertsCommand;
import io.ferry.cli.commands.BackfillCommand;
import io.ferry.cli.commands.BaselineCommand;
import io.ferry.cli.commands.BranchesCommand;
import io.ferry.cli.commands.CheckCommand;
import io.ferry.cli.commands.CleanCommand;
import io.ferry.cli.commands.CompletionCommand;
import io.ferry.cli.commands.CurrentCommand;
import io.ferry.cli.commands.DbCommand;
import io.ferry.cli.commands.DowngradeCommand;
import io.ferry.cli.commands.DriftCommand;
import io.ferry.cli.commands.ExplainCommand;
import io.ferry.cli.commands.GroupCommand;
import io.ferry.cli.commands.HeadsCommand;
import io.ferry.cli.commands.HistoryCommand;
import io.ferry.cli.commands.InfoCommand;
import io.ferry.cli.commands.LintCommand;
import io.ferry.cli.commands.MergeCommand;
import io.ferry.cli.commands.MigrateCommand;
import io.ferry.cli.commands.RepairCommand;
import io.ferry.cli.commands.RevisionCommand;
import io.ferry.cli.commands.SchemaCommand;
import io.ferry.cli.commands.ShowCommand;
import io.ferry.cli.commands.SqlCommand;
import io.ferry.cli.commands.StampCommand;
import io.ferry.cli.commands.StatusCommand;
import io.ferry.cli.commands.UndoCommand;
import io.ferry.cli.commands.UpgradeCommand;
import io.ferry.cli.commands.ValidateCommand;
import io.ferry.cli.commands.VerifyCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ScopeType;

@TopCommand
@Command(
        name = "ferry",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        sortOptions = false,
        abbreviateSynopsis = true,
        versionProvider = VersionProvider.class,
        description = "Carries a PostgreSQL database from one version to the next.",
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0    success",
                "  1    the operation ran and failed, or a check found a problem",
                "  2    usage or invalid input: unknown command or flag, bad target,",
                "       malformed migration files, several heads where one is needed",
                "  3    cannot connect to or authenticate with the database, or lost",
                "       the connection in the middle of the work",
                "  4    a lock the work needs was held by another session: the migration",
                "       lock within --lock-wait, a table lock past the lock-retry budget,",
                "       a deadlock, or the backfill job running elsewhere",
                "  130  a backfill was paused by SIGINT (143: by SIGTERM)",
                "",
                "The options above go before or after the command: 'ferry --url URL",
                "upgrade' is 'ferry upgrade --url URL'. Without --url, FERRY_URL,",
                "DATABASE_URL or url in ferry.yaml, ferry uses the embedded PostgreSQL",
                "of .ferry/pg: 'ferry db start' keeps it running between commands.",
                "",
                "An error prints 'error[CODE]: cause', a 'hint:' line saying what to do",
                "and a 'see:' line naming its runbook section (on the runbook server",
                "when FERRY_PUBLIC_URL is set); with --json, also one JSON document on",
                "stdout. --verbose shows Ferry's log lines too.",
                "See 'ferry help COMMAND' and docs/cli.md."})
public class FerryCommand extends GroupCommand {

    /** The commands under {@code ferry}, by name, in the order its help lists them. */
    static final Map<String, Class<?>> COMMANDS = commands(
            UpgradeCommand.class, DowngradeCommand.class, CurrentCommand.class, HistoryCommand.class,
            HeadsCommand.class, BranchesCommand.class, ShowCommand.class, StampCommand.class,
            RevisionCommand.class, MergeCommand.class, CheckCommand.class, ValidateCommand.class, LintCommand.class,
            StatusCommand.class, MigrateCommand.class, InfoCommand.class, UndoCommand.class, BaselineCommand.class,
            RepairCommand.class, CleanCommand.class, SchemaCommand.class, DriftCommand.class, VerifyCommand.class,
            ExplainCommand.class, BackfillCommand.class, AlertsCommand.class, SqlCommand.class,
            DbCommand.class, HelpCommand.class, CompletionCommand.class);

    /**
     * Adds the commands under {@code ferry} that a command line can reach. Picocli builds the model of
     * every command it is given (its options, read by reflection) before it parses anything, which is
     * most of a command's start-up; so a line that names commands gets those alone. Every command is
     * added when the line names none (an error, or {@code ferry} alone), and when it asks for help or
     * completion, which list them all, and when the line's first word is not a command's name (a typo such as
     * {@code ferry upgrad heads}: picocli's suggestions come from the commands it was given). A value that
     * happens to be a command's name ({@code --dir db}) adds that command too, which changes nothing: only the
     * names on the line can be parsed as commands.
     */
    static CommandLine addCommands(CommandLine ferry, List<String> args) {
        boolean all = !firstWordIsACommand(ferry, args) || args.stream().anyMatch(FerryCommand::listsCommands);
        COMMANDS.forEach((name, type) -> {
            if (all || args.contains(name)) {
                ferry.addSubcommand(name, type);
            }
        });
        return ferry;
    }

    /**
     * True when the first word of the line that is neither an option nor the value of {@code ferry}'s own
     * option before it is a command's name.
     */
    private static boolean firstWordIsACommand(CommandLine ferry, List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-")) {
                return COMMANDS.containsKey(arg);
            }
            CommandLine.Model.OptionSpec option = ferry.getCommandSpec().findOption(arg);
            if (option != null && !arg.contains("=") && option.arity().max() > 0) {
                i++; // its value
            }
        }
        return false;
    }

    private static boolean listsCommands(String arg) {
        return arg.equals("help") || arg.equals("completion") || arg.equals("--help")
                || arg.matches("-[A-Za-z]*h[A-Za-z]*");
    }

    private static Map<String, Class<?>> commands(Class<?>... types) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> type : types) {
            byName.put(type.getAnnotation(Command.class).name(), type);
        }
        return byName;
    }
}
