package io.ferry.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import io.ferry.cli.commands.FileCommand;
import io.ferry.cli.support.GlobalOptions;
import io.ferry.cli.support.Logs;
import io.ferry.cli.support.StandardOutput;
import picocli.CommandLine;

/** Configures the command line Quarkus builds. */
@ApplicationScoped
class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory, @CommandLineArguments String[] args) {
        return configure(FerryCommand.addCommands(factory.create(), List.of(args)));
    }

    /**
     * How Ferry's command line parses: Ferry's error reporting and exit codes; a value that happens to
     * be a command's name ({@code --dir db}) is still a value; {@code --verbose}, anywhere on the line,
     * lets Ferry's log lines through before the command runs.
     */
    static CommandLine configure(CommandLine commandLine) {
        ErrorHandler errors = new ErrorHandler(System.getenv());
        Logs logs = new Logs();
        FileCommand.hideIgnoredOptions(commandLine);
        return commandLine
                .setExecutionStrategy(line -> {
                    if (GlobalOptions.verbose(GlobalOptions.command(line).commandSpec())) {
                        logs.showFerrys();
                    }
                    return new CommandLine.RunLast().execute(line);
                })
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setOut(new StandardOutput())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setAllowSubcommandsAsOptionParameters(true);
    }
}
