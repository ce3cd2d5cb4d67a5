package io.ferry.backfill.examples;

import io.ferry.backfill.BackfillJob;
import io.ferry.backfill.BatchWork;
import io.ferry.backfill.JobContext;
import io.ferry.backfill.JobOptions;
import io.ferry.backfill.KeysetWalker;
import io.ferry.backfill.SqlUpdate;
import io.ferry.backfill.Table;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The custom job of docs/backfills.md: {@code type: lowercase-emails} lower-cases and trims an e-mail
 * column wherever it is not already so. Listed in META-INF/services/io.ferry.backfill.BackfillJob.
 */
public final class LowercaseEmails implements BackfillJob {

    @Override
    public String type() {
        return "lowercase-emails";
    }

    @Override
    public BatchWork prepare(JobContext context) throws SQLException {
        JobOptions options = context.options();
        options.rejectUnknown("table, key, column");
        Table table = context.table("table", options.string("table"));
        List<String> key = options.names("key");
        String column = options.string("column");
        context.requireWalkableKey(table, key);
        context.requireColumns(table, "column", List.of(column));
        String email = table.quoted(column);
        return new SqlUpdate(new KeysetWalker(table, key),
                Map.of(column, "lower(btrim(" + email + "))"),
                Optional.of(email + " IS NOT NULL"),
                Map.of("type", type(), "table", table.display(), "key", key, "column", column));
    }
}
