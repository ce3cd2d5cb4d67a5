package io.ferry.migration.schema;

import java.util.List;
import java.util.Objects;

/**
 * A composite type ({@code CREATE TYPE ... AS (...)}).
 *
 * @param attributes its attributes, in their order (which row values depend on)
 * @param comment    its comment, null when it has none
 */
public record CompositeType(String schema, String name, List<Attribute> attributes, String comment) {

    public CompositeType {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        attributes = List.copyOf(attributes);
    }

    /** The type's name as SQL text. */
    public String sql() {
        return new RelationName(schema, name).sql();
    }

    /**
     * One attribute of a composite type.
     *
     * @param type      as {@code format_type} writes it
     * @param collation the collation when it is not the type's, as SQL text; otherwise null
     */
    public record Attribute(String name, String type, String collation) {

        public Attribute {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
