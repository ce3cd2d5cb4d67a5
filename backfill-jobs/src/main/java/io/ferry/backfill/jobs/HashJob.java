package io.ferry.backfill.jobs;

import io.ferry.backfill.BackfillJob;
import io.ferry.backfill.BatchWork;
import io.ferry.backfill.JobContext;
import io.ferry.backfill.JobOptions;
import io.ferry.backfill.KeysetWalker;
import io.ferry.backfill.SqlUpdate;
import io.ferry.backfill.Table;
import io.ferry.migration.sql.Quote;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code type: hash}: sets {@code target} to the lower-case hex SHA-256 of the listed columns' text
 * values, joined by the unit separator U+001F, NULL counting as the empty string, on the rows where it
 * differs. Computed by PostgreSQL, set-based: {@code encode(sha256(convert_to(coalesce(a::text, '') ||
 * E'\x1f' || coalesce(b::text, ''), 'UTF8')), 'hex')}.
 */
public final class HashJob implements BackfillJob {

    static final String KEYS = "table, key, columns, target";
    private static final Set<String> TEXT_TYPES = Set.of("text", "character varying", "character(64)", "citext");
    private static final java.util.regex.Pattern VARCHAR = java.util.regex.Pattern.compile("character varying\\((\\d+)\\)");

    @Override
    public String type() {
        return "hash";
    }

    @Override
    public BatchWork prepare(JobContext context) throws SQLException {
        JobOptions options = context.options();
        options.rejectUnknown(KEYS);
        KeysetWalker walker = context.walker();
        Table table = walker.table();
        List<String> columns = options.names("columns");
        String target = options.string("target");
        context.requireColumns(table, "columns", columns);
        context.requireColumns(table, "target", List.of(target));
        String type = table.type(target).orElseThrow();
        if (!holdsHash(type)) {
            throw context.invalid("target '" + target + "' is " + type + ", which cannot hold a hex SHA-256"
                    + " (64 characters)", "make the target column text, or varchar(64) or longer");
        }
        if (columns.contains(target)) {
            throw context.invalid("target '" + target + "' is also one of the hashed columns",
                    "hash other columns into it");
        }
        Map<String, Object> definition = context.definition(type(), walker);
        definition.put("columns", columns);
        definition.put("target", target);
        return new SqlUpdate(walker, Map.of(target, expression(columns)), Optional.empty(),
                definition);
    }

    private static boolean holdsHash(String type) {
        java.util.regex.Matcher m = VARCHAR.matcher(type);
        return TEXT_TYPES.contains(type) || m.matches() && Integer.parseInt(m.group(1)) >= 64;
    }

    /** The SQL expression of the hash of these columns. */
    public static String expression(List<String> columns) {
        String joined = columns.stream().map(c -> "coalesce(" + Quote.ident(c) + "::text, '')")
                .collect(Collectors.joining(" || E'\\x1f' || "));
        return "encode(sha256(convert_to(" + joined + ", 'UTF8')), 'hex')";
    }
}
