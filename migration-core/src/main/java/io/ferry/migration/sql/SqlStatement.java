package io.ferry.migration.sql;

import java.util.Objects;

/**
 * One statement of a migration script, without its terminating semicolon.
 *
 * @param sql  the statement text as written, comments inside it included
 * @param line the line of the script on which the statement's first token stands (1-based)
 */
public record SqlStatement(String sql, int line) {
    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        if (line < 1) {
            throw new IllegalArgumentException("line must be positive: " + line);
        }
    }
}
