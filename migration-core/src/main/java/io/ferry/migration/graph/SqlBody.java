package io.ferry.migration.graph;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.internal.Lazy;
import io.ferry.migration.sql.SqlSplitter;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.SqlSyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * A body of SQL from a migration file, split into statements only when something is about to run or
 * print them.
 *
 * <p>Reading a project does not split its files: commands that only read (info, history, status, ...)
 * never need the statements, so a malformed file does not stop them. The first call to
 * {@link #statements()} cuts the text, checks the statements with the rule of the source that read them
 * (for example: none may be refused inside a transaction when the revision runs in one), and keeps the
 * result; a run calls it for every step of its plan before the first step executes, so malformed SQL
 * still stops a run before anything has run.
 *
 * <p>Safe to share between threads: the text is split at most once, and every caller sees the same
 * list. A body that cannot be split is not remembered as such; each call reports it again. Two bodies
 * are equal when they hold the same text starting on the same line of their files (their statements
 * follow from that).
 */
public final class SqlBody implements Body {

    /** A source's rule for the statements of a body, applied once when they are split. */
    @FunctionalInterface
    public interface Check {
        /** Accepts every list of statements. */
        Check NONE = statements -> { };

        /**
         * @throws FerryException when the statements cannot run the way their revision runs
         */
        void check(List<SqlStatement> statements);
    }

    private final String sql;
    private final int firstLine;
    private final Lazy<List<SqlStatement>> statements;

    private SqlBody(String sql, int firstLine, Lazy<List<SqlStatement>> statements) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.firstLine = firstLine;
        this.statements = statements;
    }

    /**
     * A body whose statements are already known, such as one built in code.
     *
     * @param sql        the section's text as written
     * @param firstLine  the line of the origin file on which the section starts
     * @param statements the statements, numbered with the origin file's lines
     */
    public SqlBody(String sql, int firstLine, List<SqlStatement> statements) {
        this(sql, firstLine, Lazy.known(List.copyOf(statements)));
    }

    /**
     * A body read from a file, to be split on first use.
     *
     * @param origin    the file, as error messages name it ({@code origin:line: ...})
     * @param sql       the section's text
     * @param firstLine the line of the file on which the section starts
     * @param check     the source's rule for the statements, applied when they are split
     */
    public static SqlBody unsplit(String origin, String sql, int firstLine, Check check) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(check, "check");
        return new SqlBody(sql, firstLine, Lazy.of(() -> split(origin, sql, firstLine, check)));
    }

    /** The section's text as written (for a Flyway migration, with placeholders replaced). */
    public String sql() {
        return sql;
    }

    /** The line of the origin file on which the section starts. */
    public int firstLine() {
        return firstLine;
    }

    /**
     * The statements, numbered with the origin file's lines; split and checked on the first call.
     *
     * @throws FerryException {@link MigrationErrorCode#INVALID_MIGRATION_FILE} when a string, identifier, dollar
     *                        quote or comment is never closed, or the source's own error when the
     *                        statements break its rule
     */
    public List<SqlStatement> statements() {
        return statements.get();
    }

    private static List<SqlStatement> split(String origin, String sql, int firstLine, Check check) {
        List<SqlStatement> split;
        try {
            split = List.copyOf(SqlSplitter.split(sql, firstLine));
        } catch (SqlSyntaxException e) {
            throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE, origin + ":" + e.line() + ": " + e.getMessage(),
                    "close it, or check for a stray quote");
        }
        check.check(split);
        return split;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SqlBody other && firstLine == other.firstLine && sql.equals(other.sql);
    }

    @Override
    public int hashCode() {
        return 31 * sql.hashCode() + firstLine;
    }

    @Override
    public String toString() {
        return "SqlBody[firstLine=" + firstLine + ", sql=" + sql + "]";
    }
}
