package io.ferry.alerts;

import java.util.Locale;

/** How bad an alert is, in PagerDuty's four words, worst first. */
public enum Severity {
    CRITICAL, ERROR, WARNING, INFO;

    /** The lower-case word used in ferry.yaml and in every payload. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this is as bad as {@code minimum} or worse. */
    public boolean atLeast(Severity minimum) {
        return ordinal() <= minimum.ordinal();
    }

    /** The severity a word names, or null when it names none. */
    public static Severity parse(String word) {
        for (Severity severity : values()) {
            if (severity.word().equals(word)) {
                return severity;
            }
        }
        return null;
    }
}
