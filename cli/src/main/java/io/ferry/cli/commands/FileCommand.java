package io.ferry.cli.commands;

import io.ferry.cli.support.ConnectionOptions;
import io.ferry.cli.support.GlobalOptions;
import io.ferry.cli.support.Output;
import io.ferry.cli.support.ProjectOptions;
import io.ferry.workspace.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command that reads the migration files only. It accepts the connection options all the same (and
 * ignores them), so that a script or an alias can give them once for every command.
 */
public abstract class FileCommand extends OptionsCommand {

    Output output() {
        return new Output(spec);
    }

    /** The project options, wherever on the line they were given. */
    ProjectOptions project() {
        return GlobalOptions.project(spec);
    }

    /** The connection options, wherever on the line they were given. */
    ConnectionOptions connection() {
        return GlobalOptions.connection(spec);
    }

    Workspace workspace(Output out) {
        return Workspace.files(project().settings(), System.getenv(), out.err());
    }

    /**
     * Hides the connection options from the help of the commands that ignore them (those that read only
     * files): they are accepted there, so that scripts can give them to every command, but not offered.
     */
    public static void hideIgnoredOptions(CommandLine commandLine) {
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            hideIgnoredOptions(sub);
        }
        CommandSpec spec = commandLine.getCommandSpec();
        CommandSpec connection = spec.mixins().get(ConnectionOptions.MIXIN);
        if (!(commandLine.getCommand() instanceof FileCommand) || commandLine.getCommand() instanceof DatabaseCommand
                || connection == null) {
            return;
        }
        for (OptionSpec declared : connection.options()) {
            OptionSpec option = spec.findOption(declared.longestName());
            if (option != null && !option.hidden()) {
                spec.remove(option);
                spec.addOption(option.toBuilder().hidden(true).build());
            }
        }
    }
}
