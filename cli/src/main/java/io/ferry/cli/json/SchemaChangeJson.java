package io.ferry.cli.json;

import io.ferry.migration.schema.SchemaChange;
import java.util.List;
import java.util.Locale;

/**
 * One step of a schema diff, in {@code schema diff} and {@code drift}: its kind ({@code table},
 * {@code column}, {@code index}, ...), action ({@code create}, {@code drop}, {@code alter}), object
 * (schema-qualified), one-line description, whether it is a difference (false for a step that only makes
 * room for one: a view dropped and created again around a column's type change), and the SQL each way.
 */
public record SchemaChangeJson(String kind, String action, String object, String description, boolean difference,
                               List<String> forwardSql, List<String> reverseSql, boolean losesData,
                               boolean transactional) {

    public static SchemaChangeJson of(SchemaChange c) {
        return new SchemaChangeJson(c.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                c.action().name().toLowerCase(Locale.ROOT), c.object(), c.description(), c.difference(), c.forwardSql(),
                c.reverseSql(), c.losesData(), c.transactional());
    }

    public static List<SchemaChangeJson> of(List<SchemaChange> changes) {
        return changes.stream().map(SchemaChangeJson::of).toList();
    }
}
