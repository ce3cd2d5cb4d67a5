package io.ferry.migration.exec;

import io.ferry.migration.api.Backoff;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * When work that gave up on {@code lock_timeout} is tried again. The work is a transactional revision,
 * or one statement of a revision that runs statement by statement.
 *
 * <p>Attempts keep starting for {@code budget}, counted from the start of the first attempt, with a
 * short pause between them, the {@link #backoff()} from {@code backoffBase} doubling up to
 * {@code backoffMax} (with jitter, so that several waiting runs do not march in step), and never past
 * the end of the budget. Each attempt holds the application's queries for at most
 * {@code lock_timeout}, and one is always either queued for the lock or about to be, so work blocked by
 * a transaction that ends within the budget completes at most about one pause after that transaction
 * ends. {@code maxRetries}, when set, also caps how many attempts follow the first.
 *
 * @param budget      how long after the first attempt began further attempts may still start; zero
 *                    means one attempt
 * @param maxRetries  at most this many attempts after the first; empty: as many as the budget allows
 * @param backoffBase the pause before the second attempt
 * @param backoffMax  the longest pause
 */
public record LockRetries(Duration budget, OptionalInt maxRetries, Duration backoffBase, Duration backoffMax) {

    public LockRetries {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("the lock-retry budget must not be negative: " + budget);
        }
        if (maxRetries.isPresent() && maxRetries.getAsInt() < 0) {
            throw new IllegalArgumentException("retries must be 0 or more: " + maxRetries.getAsInt());
        }
        new Backoff(backoffBase, backoffMax); // refuses a backoff that makes no sense
    }

    /** One minute of attempts, no cap on their number, pauses from 100 ms doubling up to 1 s. */
    public static LockRetries defaults() {
        return new LockRetries(Duration.ofMinutes(1), OptionalInt.empty(), Duration.ofMillis(100),
                Duration.ofSeconds(1));
    }

    /** The pauses between attempts. */
    public Backoff backoff() {
        return new Backoff(backoffBase, backoffMax);
    }

    /** How many attempts there may be at most, when {@code maxRetries} caps them. */
    public OptionalInt maxAttempts() {
        return maxRetries.isPresent() ? OptionalInt.of(maxRetries.getAsInt() + 1) : OptionalInt.empty();
    }

    /** True when {@code attempts} attempts are all that {@code maxRetries} allows. */
    public boolean capReached(int attempts) {
        return maxRetries.isPresent() && attempts > maxRetries.getAsInt();
    }

    /**
     * The pause before the next attempt, after attempt number {@code attempt} gave up {@code elapsed}
     * after the first attempt began; empty when no further attempt may start.
     */
    public Optional<Duration> pauseAfter(int attempt, Duration elapsed, RandomGenerator random) {
        if (capReached(attempt) || elapsed.compareTo(budget) >= 0) {
            return Optional.empty();
        }
        Duration pause = backoff().pause(attempt, random);
        Duration left = budget.minus(elapsed);
        return Optional.of(pause.compareTo(left) < 0 ? pause : left);
    }
}
