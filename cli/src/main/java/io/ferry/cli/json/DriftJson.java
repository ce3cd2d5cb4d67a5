package io.ferry.cli.json;

import io.ferry.migration.schema.SchemaChange;
import java.util.List;

/**
 * {@code drift}: whether the live schema differs from the one its applied revisions ({@code current})
 * produce, the steps that would bring it back to that schema, and the indexes that are not valid.
 */
public record DriftJson(boolean drift, List<String> current, List<SchemaChangeJson> changes,
                        List<InvalidIndex> invalidIndexes) {

    public static DriftJson of(List<String> current, List<SchemaChange> changes, List<InvalidIndex> invalid) {
        return new DriftJson(!invalid.isEmpty() || changes.stream().anyMatch(SchemaChange::difference), current,
                SchemaChangeJson.of(changes), invalid);
    }

    /** An index a failed {@code CREATE INDEX CONCURRENTLY} (or {@code REINDEX}) left invalid, and its fix. */
    public record InvalidIndex(String index, String table, String fix) {
    }
}
