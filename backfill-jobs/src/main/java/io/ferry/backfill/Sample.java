package io.ferry.backfill;

import java.util.Map;

/**
 * One row a dry run would change: its key, and the changed values before and after (text, as PostgreSQL
 * prints them; {@code null} for SQL NULL). A row to be inserted has no values before; a row to be deleted
 * has none after.
 */
public record Sample(Map<String, String> key, Map<String, String> before, Map<String, String> after) {
}
