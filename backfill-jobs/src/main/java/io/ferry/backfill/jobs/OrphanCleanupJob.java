package io.ferry.backfill.jobs;

import io.ferry.backfill.BackfillJob;
import io.ferry.backfill.BatchWork;
import io.ferry.backfill.JobContext;
import io.ferry.backfill.JobOptions;
import io.ferry.backfill.KeysetWalker;
import io.ferry.backfill.SqlDelete;
import io.ferry.backfill.Table;
import io.ferry.migration.sql.Quote;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code type: orphan-cleanup}: deletes the rows of a child table whose reference ({@code column}) is set
 * but matches no row of {@code parent}, optionally only rows older than {@code older-than} by
 * {@code age-column}, and optionally moving them to an {@code archive} table instead of discarding them.
 */
public final class OrphanCleanupJob implements BackfillJob {

    static final String KEYS = "table, key, column, parent, parent-key, older-than, age-column, archive";

    @Override
    public String type() {
        return "orphan-cleanup";
    }

    @Override
    public BatchWork prepare(JobContext context) throws SQLException {
        JobOptions options = context.options();
        options.rejectUnknown(KEYS);
        KeysetWalker walker = context.walker();
        Table table = walker.table();
        List<String> column = options.names("column");
        Table parent = context.table("parent", options.string("parent"));
        Optional<List<String>> parentKeyOption = options.optionalNames("parent-key");
        if (options.optionalString("older-than").filter(v -> v.chars().allMatch(Character::isDigit)).isPresent()) {
            throw context.invalid("older-than needs a unit", "write older-than: 30d (or 12h, 90min)");
        }
        Optional<Duration> olderThan = options.optionalDuration("older-than");
        Optional<String> ageColumn = options.optionalString("age-column");
        Optional<String> archiveName = options.optionalString("archive");

        context.requireColumns(table, "column", column);
        if (parent.display().equals(table.display())) {
            // Deleting an orphan orphans its own children, in later batches: the dry run, which changes
            // nothing, could not count them, and the result would depend on the batch boundaries.
            throw context.invalid("parent is the table itself (a self-reference)", "a self-referencing table's"
                    + " orphans cascade as they are deleted; clean them with a custom job or a migration");
        }
        List<String> parentKey = parentKeyOption.orElseGet(() -> parent.uniqueKeys().stream().findFirst()
                .orElseThrow(() -> context.invalid("parent " + parent.display() + " has no primary key",
                        "name the parent's columns with parent-key")));
        context.requireColumns(parent, "parent-key", parentKey);
        if (parentKey.size() != column.size()) {
            throw context.invalid("column lists " + column.size() + " column(s) and parent-key " + parentKey.size(),
                    "list as many reference columns as the parent's key has");
        }
        if (olderThan.isPresent() != ageColumn.isPresent()) {
            throw context.invalid("older-than and age-column go together", "set both, or neither");
        }
        ageColumn.ifPresent(a -> context.requireColumns(table, "age-column", List.of(a)));
        Optional<Table> archive = Optional.empty();
        if (archiveName.isPresent()) {
            Table a = context.table("archive", archiveName.get());
            List<String> missing = new ArrayList<>(table.columns().keySet());
            missing.removeAll(a.columns().keySet());
            if (!missing.isEmpty()) {
                throw context.invalid("archive " + a.display() + " lacks column(s) " + String.join(", ", missing)
                        + " of " + table.display(), "create it with CREATE TABLE <archive> (LIKE <table>) in a migration");
            }
            if (a.display().equals(table.display())) {
                throw context.invalid("archive is the table itself", "name another table");
            }
            archive = Optional.of(a);
        }

        String self = table.sql();
        StringBuilder condition = new StringBuilder();
        condition.append(column.stream().map(c -> self + "." + Quote.ident(c) + " IS NOT NULL")
                .collect(Collectors.joining(" AND ")));
        condition.append(" AND NOT EXISTS (SELECT 1 FROM ").append(parent.sql()).append(" AS _parent WHERE ");
        for (int i = 0; i < column.size(); i++) {
            condition.append(i > 0 ? " AND " : "").append("_parent.").append(Quote.ident(parentKey.get(i))).append(" = ")
                    .append(self).append(".").append(Quote.ident(column.get(i)));
        }
        condition.append(")");
        if (olderThan.isPresent()) {
            condition.append(" AND ").append(self).append(".").append(Quote.ident(ageColumn.get()))
                    .append(" < now() - interval '").append(olderThan.get().toMillis()).append(" milliseconds'");
        }
        List<String> shown = new ArrayList<>(column);
        ageColumn.ifPresent(shown::add);

        Map<String, Object> definition = context.definition(type(), walker);
        definition.put("column", column);
        definition.put("parent", parent.display());
        definition.put("parentKey", parentKey);
        olderThan.ifPresent(d -> definition.put("olderThanMs", d.toMillis()));
        ageColumn.ifPresent(a -> definition.put("ageColumn", a));
        archive.ifPresent(a -> definition.put("archive", a.display()));
        return new SqlDelete(walker, condition.toString(), shown, archive, definition);
    }
}
