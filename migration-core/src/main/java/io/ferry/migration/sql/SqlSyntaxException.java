package io.ferry.migration.sql;

import io.ferry.migration.api.FerryException;

/**
 * The splitter met text it cannot cut into statements, such as a string or a comment that never
 * ends. Callers add the file name and rethrow as a {@code FerryException}.
 */
public final class SqlSyntaxException extends RuntimeException {

    private final int line;

    public SqlSyntaxException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** The line (1-based, in the numbering the splitter was given) where the problem starts. */
    public int line() {
        return line;
    }
}
