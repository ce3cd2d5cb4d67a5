package io.ferry.workspace;

import java.time.Duration;

/**
 * How a run that changes the database behaves, as the user gave it: every field is null when not given,
 * and is then taken from the project file, then from the library's defaults.
 *
 * @param lockWait         how long to wait for the migration lock
 * @param lockTimeout      {@code lock_timeout} for every statement
 * @param statementTimeout {@code statement_timeout} for every statement
 * @param lockRetryFor     how long to keep retrying a revision that hit {@code lock_timeout}
 * @param retries          the most attempts after the first within {@code lockRetryFor}
 */
public record RunSettings(Duration lockWait, Duration lockTimeout, Duration statementTimeout,
                          Duration lockRetryFor, Integer retries) {

    /** Nothing given. */
    public static final RunSettings NONE = new RunSettings(null, null, null, null, null);
}
