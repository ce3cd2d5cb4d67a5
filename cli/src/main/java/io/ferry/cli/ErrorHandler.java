package io.ferry.cli;

import io.ferry.migration.ErrorCategory;
import io.ferry.migration.FerryException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one line on stderr and the documented exit code. Ferry's own errors carry
 * their category; anything else is a bug or an environment problem and is reported as a failure.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    static int exitCode(ErrorCategory category) {
        return switch (category) {
            case FAILURE -> 1;
            case INPUT -> 2;
            case CONNECTION -> 3;
            case LOCK -> 4;
        };
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        if (ex instanceof FerryException fe) {
            String hint = fe.hint().isEmpty() ? "" : " (hint: " + fe.hint() + ")";
            commandLine.getErr().println("error: " + fe.getMessage() + hint);
            commandLine.getErr().flush();
            return exitCode(fe.category());
        }
        commandLine.getErr().println("error: unexpected failure: " + ex
                + " (hint: this is a bug in Ferry; please report it with the command you ran)");
        commandLine.getErr().flush();
        return 1;
    }
}
