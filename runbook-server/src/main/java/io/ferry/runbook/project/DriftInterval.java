package io.ferry.runbook.project;

import io.ferry.migration.api.Durations;
import java.time.Duration;
import java.util.Locale;

/** How often the drift check runs ({@code ferry.drift.interval}, {@code --drift-interval}): a duration, or never. */
public final class DriftInterval {

    /** When nothing says otherwise (application.properties says the same). */
    public static final Duration DEFAULT = Duration.ofMinutes(10);

    private DriftInterval() {
    }

    /**
     * The interval {@code text} gives; {@link Duration#ZERO} for {@code 0} or {@code off}.
     *
     * @throws IllegalArgumentException when it is neither a duration nor {@code off}, or is negative
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("0")) {
            return Duration.ZERO;
        }
        Duration d = Durations.parse(t);
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative: " + text);
        }
        return d;
    }
}
