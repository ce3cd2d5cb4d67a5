package io.ferry.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import io.ferry.cli.commands.FileCommand;
import picocli.CommandLine;

/** Configures the command line Quarkus builds. */
@ApplicationScoped
class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    /**
     * How Ferry's command line parses: Ferry's error reporting and exit codes; a value that happens to
     * be a command's name ({@code --dir db}) is still a value.
     */
    static CommandLine configure(CommandLine commandLine) {
        ErrorHandler errors = new ErrorHandler();
        FileCommand.hideIgnoredOptions(commandLine);
        return commandLine
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setAllowSubcommandsAsOptionParameters(true);
    }
}
