package io.ferry.migration.history;

import java.util.Locale;

/** What a row of {@code ferry_history} records. */
public enum Action {
    UPGRADE,
    DOWNGRADE,
    /** A stamp recorded that the database is at the revision, without running it. */
    STAMP,
    /**
     * A stamp took the revision out of the heads the database is at, without running anything: {@code stamp
     * base}, {@code stamp --purge}, or a stamp that replaced it with another revision (which may be above it,
     * in which case it stays applied).
     */
    UNSTAMP;

    /** The value stored in the {@code action} column. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Action fromColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
