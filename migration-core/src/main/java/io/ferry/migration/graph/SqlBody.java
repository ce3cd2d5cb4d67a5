package io.ferry.migration.graph;

import io.ferry.migration.sql.SqlStatement;
import java.util.List;
import java.util.Objects;

/**
 * A body of SQL, already split into statements so that malformed SQL is found when the files are read,
 * not half-way through a run.
 *
 * @param sql        the section's text as written
 * @param firstLine  the line of the origin file on which the section starts
 * @param statements the statements, numbered with the origin file's lines
 */
public record SqlBody(String sql, int firstLine, List<SqlStatement> statements) implements Body {
    public SqlBody {
        Objects.requireNonNull(sql, "sql");
        statements = List.copyOf(statements);
    }
}
