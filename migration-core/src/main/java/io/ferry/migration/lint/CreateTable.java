package io.ferry.migration.lint;

import io.ferry.migration.sql.SqlTokens;
import java.util.Optional;

/**
 * The start of a {@code CREATE [GLOBAL | LOCAL] [TEMP | TEMPORARY | UNLOGGED] TABLE [IF NOT EXISTS] name} statement,
 * read once for every rule that needs it.
 *
 * @param name        the index of the table's name in the statement
 * @param ifNotExists true when the statement says {@code IF NOT EXISTS} (it creates nothing when the table exists)
 * @param temporary   true for a {@code TEMP} or {@code TEMPORARY} table
 */
public record CreateTable(int name, boolean ifNotExists, boolean temporary) {

    /** The statement's CREATE TABLE prefix, or empty for any other statement. */
    public static Optional<CreateTable> of(SqlTokens s) {
        if (!s.is(0, "create")) {
            return Optional.empty();
        }
        int i = 1;
        if (s.is(i, "global") || s.is(i, "local")) {
            i++;
        }
        boolean temporary = s.is(i, "temp") || s.is(i, "temporary");
        if (temporary || s.is(i, "unlogged")) {
            i++;
        }
        if (!s.is(i, "table")) {
            return Optional.empty();
        }
        i++;
        boolean ifNotExists = s.matches(i, "if", "not", "exists");
        return Optional.of(new CreateTable(ifNotExists ? i + 3 : i, ifNotExists, temporary));
    }
}
