package io.ferry.migration.schema;

import java.util.List;
import java.util.Objects;

/**
 * An enum type.
 *
 * @param labels  its values, in their sort order
 * @param comment its comment, null when it has none
 */
public record EnumType(String schema, String name, List<String> labels, String comment) {

    public EnumType {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
    }

    /** The type's name as SQL text. */
    public String sql() {
        return new RelationName(schema, name).sql();
    }
}
