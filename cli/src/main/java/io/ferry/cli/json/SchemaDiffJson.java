package io.ferry.cli.json;

import io.ferry.migration.schema.SchemaChange;
import java.util.List;

/** {@code schema diff}: whether the two schemas are the same, and every step from the first to the second. */
public record SchemaDiffJson(boolean equal, List<SchemaChangeJson> changes) {

    public static SchemaDiffJson of(List<SchemaChange> changes) {
        return new SchemaDiffJson(changes.stream().noneMatch(SchemaChange::difference), SchemaChangeJson.of(changes));
    }
}
