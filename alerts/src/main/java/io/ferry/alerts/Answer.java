package io.ferry.alerts;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * How one attempt went and what follows from it.
 *
 * @param status     the HTTP status; 0 when no answer came
 * @param error      what went wrong ({@code HTTP 503 Service Unavailable}, {@code connection refused}); null on
 *                   success. Never the answer's body, which may say anything and is shown on pages anyone reads
 * @param retryAfter the wait a 429 or 503 asked for with {@code Retry-After}; zero when it asked for none
 */
record Answer(int status, String error, Duration retryAfter) {

    /** What an answer means for its delivery. */
    enum Outcome { DELIVERED, RETRY, DEAD, DISABLED }

    /** The longest wait a {@code Retry-After} may ask for; a longer one is cut to it. */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(1);

    /** The reason phrases of the statuses a sink may answer that are not a success (RFC 9110, 6585). */
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
            Map.entry(303, "See Other"), Map.entry(304, "Not Modified"), Map.entry(307, "Temporary Redirect"),
            Map.entry(308, "Permanent Redirect"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(402, "Payment Required"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(407, "Proxy Authentication Required"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(411, "Length Required"),
            Map.entry(412, "Precondition Failed"), Map.entry(413, "Content Too Large"),
            Map.entry(414, "URI Too Long"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(421, "Misdirected Request"), Map.entry(422, "Unprocessable Content"),
            Map.entry(425, "Too Early"), Map.entry(426, "Upgrade Required"), Map.entry(428, "Precondition Required"),
            Map.entry(429, "Too Many Requests"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"),
            Map.entry(505, "HTTP Version Not Supported"), Map.entry(507, "Insufficient Storage"),
            Map.entry(511, "Network Authentication Required"));

    static Answer of(HttpResponse<?> response, Clock clock) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Answer(status, null, Duration.ZERO);
        }
        String reason = REASONS.get(status);
        String error = "HTTP " + status + (reason == null ? "" : " " + reason);
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
