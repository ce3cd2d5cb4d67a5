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
        KeysetWalker walker = context.walker();
        Table table = walker.table();
        String column = options.string("column");
        context.requireColumns(table, "column", List.of(column));
        String email = table.quoted(column);
        Map<String, Object> definition = context.definition(type(), walker);
        definition.put("column", column);
        return new SqlUpdate(walker, Map.of(column, "lower(btrim(" + email + "))"),
                Optional.of(email + " IS NOT NULL"), definition);
    }
}
