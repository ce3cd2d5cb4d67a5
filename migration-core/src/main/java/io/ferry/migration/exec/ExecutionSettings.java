package io.ferry.migration.exec;

import java.time.Duration;
import java.util.Optional;

/**
 * How revisions run.
 *
 * @param lockTimeout      {@code lock_timeout} for every statement; zero turns it off
 * @param statementTimeout {@code statement_timeout} for the run, unless a revision declares its own;
 *                         empty leaves the server's setting alone
 * @param lockRetries      when a revision (or, run statement by statement, a statement) that gave up
 *                         on {@code lock_timeout} is tried again
 * @param partialPolicy    what to do with a revision that an earlier run left half done
 */
public record ExecutionSettings(Duration lockTimeout, Optional<Duration> statementTimeout, LockRetries lockRetries,
                                PartialPolicy partialPolicy) {

    public ExecutionSettings {
        if (lockTimeout.isNegative()) {
            throw new IllegalArgumentException("lock timeout must not be negative: " + lockTimeout);
        }
    }

    public static ExecutionSettings defaults() {
        return new ExecutionSettings(Duration.ofSeconds(3), Optional.empty(), LockRetries.defaults(),
                PartialPolicy.REFUSE);
    }
}
