package io.ferry.backfill;

import java.util.Locale;
import java.util.Map;

/**
 * One row a dry run would change: what would happen to it, its key, and the changed values before and
 * after (text, as PostgreSQL prints them; {@code null} for SQL NULL). An insert has no values before; a
 * delete has none after.
 */
public record Sample(Action action, Map<String, String> key, Map<String, String> before, Map<String, String> after) {

    /** What the real run would do to the row. */
    public enum Action {
        INSERT, UPDATE, DELETE;

        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
