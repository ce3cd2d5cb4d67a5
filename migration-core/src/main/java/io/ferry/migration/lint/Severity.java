package io.ferry.migration.lint;

import java.util.Locale;

/** How bad a finding is. An error makes {@code ferry lint} exit 1; a warning is reported only. */
public enum Severity {
    ERROR,
    WARNING;

    /** The name used in reports, {@code ferry.yaml} and JSON: {@code error}, {@code warning}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
