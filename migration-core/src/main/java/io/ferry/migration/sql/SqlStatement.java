package io.ferry.migration.sql;

import java.util.Objects;

/**
 * One statement of a migration script, without its terminating semicolon.
 *
 * @param sql    the statement text as written, comments inside it included
 * @param line   the line of the script on which the statement's first token stands (1-based)
 * @param column the column of that line at which the first token starts (1-based, counted in UTF-16 units)
 */
public record SqlStatement(String sql, int line, int column) {
    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        if (line < 1) {
            throw new IllegalArgumentException("line must be positive: " + line);
        }
        if (column < 1) {
            throw new IllegalArgumentException("column must be positive: " + column);
        }
    }

    /** A statement that starts at the beginning of {@code line}. */
    public SqlStatement(String sql, int line) {
        this(sql, line, 1);
    }

    /** The line on which the statement's last character stands. */
    public int lastLine() {
        return line + (int) sql.chars().filter(ch -> ch == '\n').count();
    }
}
