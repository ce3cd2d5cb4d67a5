package io.ferry.migration.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Pauses between attempts: doubling ceilings, and jitter between half and all of each. */
class BackoffTest {

    private final Random random = new Random(7);

    @Test
    void theCeilingDoublesFromTheFirstUpToTheMost() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(backoff::ceiling).map(Duration::toMillis))
                .containsExactly(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void eachPauseIsBetweenHalfAndAllOfItsCeiling() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        for (int attempt = 1; attempt <= 6; attempt++) {
            Duration ceiling = backoff.ceiling(attempt);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.pause(attempt, random)).isBetween(ceiling.dividedBy(2), ceiling);
            }
        }
        Backoff tiny = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1));
        assertThat(tiny.pause(3, random)).isBetween(Duration.ZERO, Duration.ofMillis(1));
    }

    @Test
    void aBackoffThatMakesNoSenseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("backoff");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("backoff");
    }
}
