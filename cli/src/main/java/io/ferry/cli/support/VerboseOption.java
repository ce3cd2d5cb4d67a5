package io.ferry.cli.support;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}: say more. Every command accepts it, before or after its name, like the project and
 * connection options: Ferry's own log lines (INFO and up) then reach stderr, and {@code current} and
 * {@code history} show each revision's details. Without it, no log record of Ferry or of the libraries
 * under it is printed: a failure is told by the error lines alone.
 */
public class VerboseOption {

    /** The name under which commands mix this option in. */
    public static final String MIXIN = "verbose";

    @Option(names = {"-v", "--verbose"}, order = 20,
            description = "Say more: Ferry's log lines (INFO and up) on stderr, and, for current and history,"
                    + " each revision's details.")
    boolean verbose;

    /** Given here or before the command. */
    VerboseOption over(VerboseOption outer) {
        VerboseOption merged = new VerboseOption();
        merged.verbose = verbose || outer.verbose;
        return merged;
    }
}
