package io.ferry.alerts;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How one attempt went and what follows from it.
 *
 * @param status     the HTTP status; 0 when no answer came
 * @param error      what went wrong ({@code HTTP 503: busy}, {@code connection refused}); null on success
 * @param retryAfter the wait a 429 or 503 asked for with {@code Retry-After}; zero when it asked for none
 */
record Answer(int status, String error, Duration retryAfter) {

    /** What an answer means for its delivery. */
    enum Outcome { DELIVERED, RETRY, DEAD, DISABLED }

    /** The longest wait a {@code Retry-After} may ask for; a longer one is cut to it. */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(1);

    /** The longest answer text quoted in an error. */
    private static final int QUOTED = 200;

    static Answer of(HttpResponse<String> response, Clock clock) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Answer(status, null, Duration.ZERO);
        }
        String text = response.body() == null ? "" : response.body().strip().replaceAll("\\s+", " ");
        String error = "HTTP " + status + (text.isEmpty() ? ""
                : ": " + (text.length() > QUOTED ? text.substring(0, QUOTED) + "…" : text));
        Duration wait = status == 429 || status == 503
                ? retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant())
                : Duration.ZERO;
        return new Answer(status, error, wait);
    }

    /** No answer came: the connection failed or the attempt ran out of time. */
    static Answer none(String error) {
        return new Answer(0, error, Duration.ZERO);
    }

    /**
     * Success on 2xx; 410 Gone disables the sink; any other 4xx but 408 and 429 will not get better by trying
     * again; the rest (no answer, 408, 429, 5xx, a redirect) is retried.
     */
    Outcome outcome() {
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        if (status == 410) {
            return Outcome.DISABLED;
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return Outcome.DEAD;
        }
        return Outcome.RETRY;
    }

    /**
     * {@code Retry-After} as seconds or as an HTTP date, at most {@link #LONGEST_RETRY_AFTER}; zero when absent,
     * unreadable or past.
     */
    static Duration retryAfter(String header, Instant now) {
        Duration asked = askedWait(header, now);
        return asked.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : asked;
    }

    private static Duration askedWait(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Duration.ZERO;
        }
        String value = header.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Math.min(Long.parseLong(value), LONGEST_RETRY_AFTER.toSeconds())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException notADate) {
                return Duration.ZERO;
            }
        }
    }
}
