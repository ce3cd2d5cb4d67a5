package io.ferry.cli;

import io.ferry.cli.json.ErrorJson;
import io.ferry.cli.support.GlobalOptions;
import io.ferry.cli.support.Json;
import io.ferry.migration.api.ErrorCode;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.workspace.CommandWords;
import io.ferry.workspace.PublicUrl;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns a failed command into its error lines on stderr and the documented exit code:
 * <pre>
 * error[&lt;code&gt;]: &lt;the cause&gt;
 * hint: &lt;what to do, in the command line's words&gt;      (left out when there is nothing to add)
 * see: &lt;the runbook section&gt;
 * </pre>
 * Ferry's own errors carry their code and remedy; a line picocli cannot parse is {@code invalid-usage}
 * (exit 2); any other exception is a bug, {@code internal-error} (exit 1). The section is the runbook's
 * file in the repository, or its page on the runbook server when the server's public address is
 * configured. A command run with {@code --json} also prints the error as one JSON document on stdout.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    private final Map<String, String> env;

    /** @param env the environment, where FERRY_PUBLIC_URL and FERRY_CONFIG are read */
    ErrorHandler(Map<String, String> env) {
        this.env = env;
    }

    /** One failure as the handler reports it. */
    private record Failure(ErrorCode code, String message, String hint, String sqlState) {
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        ParseResult command = parseResult == null ? null : GlobalOptions.command(parseResult);
        CommandSpec spec = command == null ? commandLine.getCommandSpec() : command.commandSpec();
        boolean verbose = GlobalOptions.verbose(spec);
        Failure failure;
        if (ex instanceof FerryException fe) {
            failure = new Failure(fe.code(), fe.getMessage(), CommandWords.say(fe.remedy()),
                    fe.sqlState().orElse(null));
        } else {
            failure = new Failure(CliErrorCode.INTERNAL_ERROR, "unexpected failure: " + SqlErrors.oneLine(String.valueOf(ex)),
                    "this is a bug in Ferry; please report it with the command you ran"
                            + (verbose ? " and the stack trace below" : " and what it prints with --verbose"),
                    null);
        }
        report(failure, spec, command != null && command.hasMatchedOption("--json"));
        if (verbose && !(ex instanceof FerryException)) {
            ex.printStackTrace(spec.commandLine().getErr());
            spec.commandLine().getErr().flush();
        }
        return failure.code().exitCode();
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        String help = "'" + spec.qualifiedName() + " --help'";
        String hint = "see " + help;
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            hint = "did you mean " + String.join(" or ", unmatched.getSuggestions().stream()
                    .map(s -> "'" + s + "'").toList()) + "? See " + help;
        }
        report(new Failure(CliErrorCode.INVALID_USAGE, ex.getMessage().strip().replaceAll("\\s*\\R\\s*", " "), hint,
                null), spec, asksForJson(args));
        return CliErrorCode.INVALID_USAGE.exitCode();
    }

    /**
     * True when {@code --json} is on the line, wherever: a line that cannot be parsed still said that its
     * reader expects JSON. Words after {@code --} are arguments, not options.
     */
    static boolean asksForJson(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--json") || arg.startsWith("--json=")) {
                return true;
            }
        }
        return false;
    }

    private void report(Failure failure, CommandSpec spec, boolean json) {
        ErrorCode code = failure.code();
        String runbook = PublicUrl.of(GlobalOptions.project(spec).settings(), env).map(code::runbookUrl)
                .orElseGet(code::runbook);
        PrintWriter err = spec.commandLine().getErr();
        err.println("error[" + code.id() + "]: " + failure.message());
        if (!failure.hint().isEmpty()) {
            err.println("hint: " + failure.hint());
        }
        err.println("see: " + runbook);
        err.flush();
        if (json) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(Json.write(ErrorJson.of(code, failure.message(), failure.hint(), runbook, failure.sqlState())));
            out.flush();
        }
    }
}
