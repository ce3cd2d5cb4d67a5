package io.ferry.cli.commands;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.sql.SqlSplitter;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.SqlSyntaxException;
import java.util.List;

/** SQL scripts the commands read from the user, cut into statements as migration files are. */
final class Scripts {

    private Scripts() {
    }

    /**
     * The statements of {@code text}.
     *
     * @param origin where it comes from, for the message: a file, or {@code the command}
     * @throws FerryException {@code invalid-migration-file} when a quote, dollar quote or comment is not closed
     */
    static List<SqlStatement> split(String origin, String text) {
        try {
            return SqlSplitter.split(text);
        } catch (SqlSyntaxException e) {
            throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE, origin + ": " + e.getMessage(),
                    "close the quote, dollar quote or comment that the message names");
        }
    }
}
