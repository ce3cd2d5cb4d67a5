package io.ferry.cli.support;

import io.ferry.workspace.RunSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a run behaves: the options of the commands that change the database. */
public class RunOptions {

    @Option(names = "--lock-wait", paramLabel = "DURATION", converter = DurationConverter.class, order = 20,
            description = "How long to wait for another run to release the migration lock before giving up"
                    + " with exit code 4 (default: 60s).")
    Duration lockWait;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class, order = 21,
            description = "lock_timeout for every statement: how long a statement may wait for a table lock"
                    + " while the application's queries queue behind it (default: 3s; 0 turns it off).")
    Duration lockTimeout;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            order = 22, description = "statement_timeout for every statement, unless a revision sets its own"
                    + " (default: the server's setting).")
    Duration statementTimeout;

    @Option(names = "--lock-retry-for", paramLabel = "DURATION", converter = DurationConverter.class, order = 23,
            description = "How long to keep trying a revision whose statement hit lock_timeout, counted from its"
                    + " first attempt; attempts follow each other after a pause of 100ms doubling up to 1s, so"
                    + " the revision completes soon after the transaction in its way ends (default: 1min; 0: one"
                    + " attempt only).")
    Duration lockRetryFor;

    @Option(names = "--retries", paramLabel = "N", order = 24,
            description = "At most N attempts after the first within --lock-retry-for (default: no limit but"
                    + " that budget; 0: one attempt only).")
    Integer retries;

    /** These options as the workspace reads them. */
    public RunSettings settings() {
        return new RunSettings(lockWait, lockTimeout, statementTimeout, lockRetryFor, retries);
    }
}
