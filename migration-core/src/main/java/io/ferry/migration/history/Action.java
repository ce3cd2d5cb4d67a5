package io.ferry.migration.history;

import java.util.Locale;

/** What a row of {@code ferry_history} records. */
public enum Action {
    UPGRADE,
    DOWNGRADE,
    /** A stamp recorded that the database is at the revision, without running it. */
    STAMP,
    /**
     * A stamp recorded that the revision is no longer applied, without running anything: it was a head and
     * the stamp left it out, and it is not below any of the new heads ({@code stamp base}, a purge, a stamp
     * to a revision below it or on another line). A head replaced by a revision above it stays applied and
     * gets no such row.
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
