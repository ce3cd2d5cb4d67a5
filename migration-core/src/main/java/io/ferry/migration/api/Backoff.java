package io.ferry.migration.api;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to pause between attempts at something that may succeed if tried again a little later: after
 * the first attempt up to {@code first}, doubling with each attempt up to {@code max}. The pause itself is
 * drawn between half and all of that ceiling (jitter), so that processes that failed together do not try
 * again in step and collide once more.
 *
 * @param first the ceiling of the pause after the first attempt; 1 ms or more
 * @param max   the highest ceiling; no lower than {@code first}
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        if (first.toMillis() < 1 || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("the backoff must start at 1ms or more and end no lower than it"
                    + " starts: " + first + " to " + max);
        }
    }

    /** The ceiling of the pause after attempt number {@code attempt} (from 1): {@code first}, doubled since. */
    public Duration ceiling(int attempt) {
        long max = this.max.toMillis();
        long ceiling = first.toMillis();
        for (int i = 1; i < attempt && ceiling < max; i++) {
            ceiling *= 2;
        }
        return Duration.ofMillis(Math.min(ceiling, max));
    }

    /** The pause after attempt number {@code attempt}: between half and all of its {@link #ceiling}. */
    public Duration pause(int attempt, RandomGenerator random) {
        long ceiling = ceiling(attempt).toMillis();
        return Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling - ceiling / 2 + 1));
    }
}
