package io.ferry.cli;

import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.FerryException;
import java.io.PrintWriter;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Turns a failed command into one line on stderr and the documented exit code. Ferry's own errors carry
 * their category, and their remedy in the command line's words; usage errors exit 2; anything else is a
 * bug and exits 1.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static int exitCode(ErrorCategory category) {
        return category.exitCode();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (ex instanceof FerryException fe) {
            String said = RemedyWords.say(fe.remedy());
            String hint = said.isEmpty() ? "" : " (hint: " + said + ")";
            err.println("error: " + fe.getMessage() + hint);
            err.flush();
            return exitCode(fe.category());
        }
        err.println("error: unexpected failure: " + ex
                + " (hint: this is a bug in Ferry; please report it with the command you ran)");
        err.flush();
        return 1;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + ex.getMessage().strip().replaceAll("\\s*\\R\\s*", " ")
                + " (hint: see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
