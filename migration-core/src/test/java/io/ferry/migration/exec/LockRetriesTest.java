package io.ferry.migration.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The lock-retry budget: who may try again, after what pause. */
class LockRetriesTest {

    private final Random random = new Random(42);

    @Test
    void theDefaultsTryForAMinuteWithoutACapAndPausesFrom100msUpTo1s() {
        LockRetries defaults = LockRetries.defaults();
        assertThat(defaults.budget()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.maxRetries()).isEmpty();
        assertThat(defaults.maxAttempts()).isEmpty();
        for (int i = 0; i < 200; i++) {
            assertThat(defaults.pauseAfter(1, Duration.ZERO, random)).hasValueSatisfying(p ->
                    assertThat(p).isBetween(Duration.ofMillis(50), Duration.ofMillis(100)));
            assertThat(defaults.pauseAfter(3, Duration.ofSeconds(10), random)).hasValueSatisfying(p ->
                    assertThat(p).isBetween(Duration.ofMillis(200), Duration.ofMillis(400)));
            assertThat(defaults.pauseAfter(40, Duration.ofSeconds(50), random)).hasValueSatisfying(p ->
                    assertThat(p).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1)));
        }
    }

    @Test
    void attemptsStartOnlyWithinTheBudgetAndNoPauseRunsPastIt() {
        LockRetries retries = LockRetries.defaults();
        assertThat(retries.pauseAfter(500, Duration.ofMillis(59_990), random)).as("ten ms of budget left")
                .hasValueSatisfying(p -> assertThat(p).isEqualTo(Duration.ofMillis(10)));
        assertThat(retries.pauseAfter(2, Duration.ofMinutes(1), random)).isEmpty();
        assertThat(retries.pauseAfter(2, Duration.ofMinutes(2), random)).isEmpty();
    }

    @Test
    void aZeroBudgetAllowsOneAttempt() {
        LockRetries once = new LockRetries(Duration.ZERO, OptionalInt.empty(), Duration.ofMillis(100),
                Duration.ofSeconds(1));
        assertThat(once.pauseAfter(1, Duration.ZERO, random)).isEmpty();
    }

    @Test
    void retriesCapTheAttemptsWhateverIsLeftOfTheBudget() {
        LockRetries capped = new LockRetries(Duration.ofHours(1), OptionalInt.of(2), Duration.ofMillis(100),
                Duration.ofSeconds(1));
        assertThat(capped.maxAttempts()).hasValue(3);
        assertThat(capped.pauseAfter(1, Duration.ZERO, random)).isPresent();
        assertThat(capped.pauseAfter(2, Duration.ZERO, random)).isPresent();
        assertThat(capped.capReached(3)).isTrue();
        assertThat(capped.pauseAfter(3, Duration.ZERO, random)).isEmpty();
        LockRetries none = new LockRetries(Duration.ofHours(1), OptionalInt.of(0), Duration.ofMillis(100),
                Duration.ofSeconds(1));
        assertThat(none.pauseAfter(1, Duration.ZERO, random)).isEmpty();
    }

    @Test
    void settingsThatMakeNoSenseAreRefused() {
        assertThatThrownBy(() -> new LockRetries(Duration.ofSeconds(-1), OptionalInt.empty(), Duration.ofMillis(100),
                Duration.ofSeconds(1))).hasMessageContaining("budget");
        assertThatThrownBy(() -> new LockRetries(Duration.ofMinutes(1), OptionalInt.of(-1), Duration.ofMillis(100),
                Duration.ofSeconds(1))).hasMessageContaining("retries");
        assertThatThrownBy(() -> new LockRetries(Duration.ofMinutes(1), OptionalInt.empty(), Duration.ofSeconds(2),
                Duration.ofSeconds(1))).hasMessageContaining("backoff");
    }
}
