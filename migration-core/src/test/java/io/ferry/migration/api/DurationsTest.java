package io.ferry.migration.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsAndWritesThePostgresForms() {
        assertThat(Durations.parse("500ms")).hasMillis(500);
        assertThat(Durations.parse("3s")).hasSeconds(3);
        assertThat(Durations.parse("5min")).hasMinutes(5);
        assertThat(Durations.parse("1h")).hasHours(1);
        assertThat(Durations.parse("250")).as("a bare number is milliseconds").hasMillis(250);
        assertThat(Durations.format(Durations.parse("10min"))).isEqualTo("10min");
        assertThat(Durations.format(Durations.parse("1500ms"))).isEqualTo("1500ms");
        assertThat(Durations.format(Durations.parse("2h"))).isEqualTo("2h");
        assertThat(Durations.format(java.time.Duration.ZERO)).isEqualTo("0");
    }

    @Test
    void measuredDurationsAreRoundedForPeople() {
        assertThat(Durations.approximate(java.time.Duration.ofNanos(850_400_000))).isEqualTo("850ms");
        assertThat(Durations.approximate(java.time.Duration.ofMillis(12_345))).isEqualTo("12.3s");
        assertThat(Durations.approximate(java.time.Duration.ofMillis(75_600))).isEqualTo("76s");
    }

    @Test
    void refusesTextThatIsNotADuration() {
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("'soon' is not a duration")
                .hasMessageContaining("5min");
        assertThatThrownBy(() -> Durations.parse("5 minutes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("-1s")).isInstanceOf(IllegalArgumentException.class);
    }
}
