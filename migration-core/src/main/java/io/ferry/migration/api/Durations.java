package io.ferry.migration.api;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way PostgreSQL writes them in its settings: {@code 500ms}, {@code 3s},
 * {@code 5min}, {@code 1h}, {@code 2d}. A bare number means milliseconds, as it does for
 * {@code lock_timeout} and {@code statement_timeout}.
 */
public final class Durations {

    private static final Pattern FORMAT =
            Pattern.compile("\\s*(\\d+)\\s*(us|ms|s|min|h|d)?\\s*", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /**
     * Parses a duration such as {@code 10min}.
     *
     * @throws IllegalArgumentException naming the accepted units when the text is not a duration
     */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a whole number"
                    + " with a unit: us, ms, s, min, h or d (for example 500ms, 3s, 5min)");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large for a duration", e);
        }
        String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
        try {
            return of(amount, unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large for a duration", e);
        }
    }

    private static Duration of(long amount, String unit) {
        return switch (unit) {
            case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    /**
     * Formats a measured duration for people: whole milliseconds under a second ({@code 850ms}), tenths
     * of a second under a minute ({@code 12.3s}), whole seconds above ({@code 75s}).
     */
    public static String approximate(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        return Math.round(millis / 1000.0) + "s";
    }

    /** Formats a duration in the largest unit that represents it exactly, for example {@code 5min}. */
    public static String format(Duration duration) {
        long micros = duration.toNanos() / 1000L;
        if (micros == 0) {
            return "0";
        }
        long[] sizes = {86_400_000_000L, 3_600_000_000L, 60_000_000L, 1_000_000L, 1000L, 1L};
        String[] units = {"d", "h", "min", "s", "ms", "us"};
        int i = 0;
        while (micros % sizes[i] != 0) {
            i++;
        }
        return (micros / sizes[i]) + units[i];
    }
}
