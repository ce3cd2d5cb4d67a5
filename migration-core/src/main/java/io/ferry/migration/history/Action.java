package io.ferry.migration.history;

import java.util.Locale;

/** What a row of {@code ferry_history} records. */
public enum Action {
    UPGRADE,
    DOWNGRADE,
    STAMP;

    /** The value stored in the {@code action} column. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Action fromColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
