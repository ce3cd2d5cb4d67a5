package io.ferry.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @ParameterizedTest
    @CsvSource({"200, DELIVERED", "202, DELIVERED", "204, DELIVERED", "301, RETRY", "400, DEAD", "401, DEAD",
            "403, DEAD", "404, DEAD", "408, RETRY", "410, DISABLED", "413, DEAD", "429, RETRY", "500, RETRY",
            "502, RETRY", "503, RETRY", "0, RETRY"})
    void whatEachStatusMeans(int status, Answer.Outcome outcome) {
        assertThat(new Answer(status, null, Duration.ZERO).outcome()).isEqualTo(outcome);
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(Answer.retryAfter("120", NOW)).isEqualTo(Duration.ofMinutes(2));
        assertThat(Answer.retryAfter("Mon, 30 Nov 2026 10:05:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(5));
        assertThat(Answer.retryAfter("Mon, 30 Nov 2026 09:55:00 GMT", NOW)).isZero();
        assertThat(Answer.retryAfter("soon", NOW)).isZero();
        assertThat(Answer.retryAfter(null, NOW)).isZero();
        assertThat(Answer.retryAfter("-5", NOW)).isZero();
        assertThat(Answer.retryAfter("99999999999999999", NOW)).isEqualTo(Duration.ofDays(1));
        assertThat(Answer.retryAfter("Fri, 30 Nov 2035 10:05:00 GMT", NOW)).isEqualTo(Duration.ofDays(1));
    }
}
