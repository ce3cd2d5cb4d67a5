package io.ferry.cli.support;

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

    @Option(names = "--retries", paramLabel = "N", order = 23,
            description = "How many more times to try a revision whose statement hit lock_timeout (default: 4).")
    Integer retries;
}
