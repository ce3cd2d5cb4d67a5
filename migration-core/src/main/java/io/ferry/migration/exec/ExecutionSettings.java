package io.ferry.migration.exec;

import java.time.Duration;
import java.util.Optional;

/**
 * How revisions run.
 *
 * @param lockTimeout      {@code lock_timeout} for every statement; zero turns it off
 * @param statementTimeout {@code statement_timeout} for the run, unless a revision declares its own;
 *                         empty leaves the server's setting alone
 * @param maxAttempts      how many times a revision (or, run statement by statement, a statement) is
 *                         tried when it fails on {@code lock_timeout}
 * @param backoffBase      the wait before the second attempt; it doubles with each attempt
 * @param backoffMax       the longest wait between attempts
 * @param partialPolicy    what to do with a revision that an earlier run left half done
 */
public record ExecutionSettings(Duration lockTimeout, Optional<Duration> statementTimeout, int maxAttempts,
                                Duration backoffBase, Duration backoffMax, PartialPolicy partialPolicy) {

    public ExecutionSettings {
        if (lockTimeout.isNegative()) {
            throw new IllegalArgumentException("lock timeout must not be negative: " + lockTimeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + maxAttempts);
        }
    }

    public static ExecutionSettings defaults() {
        return new ExecutionSettings(Duration.ofSeconds(3), Optional.empty(), 5, Duration.ofMillis(500),
                Duration.ofSeconds(10), PartialPolicy.REFUSE);
    }
}
