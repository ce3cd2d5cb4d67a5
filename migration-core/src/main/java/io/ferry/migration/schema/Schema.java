package io.ferry.migration.schema;

import java.util.Objects;

/**
 * A schema (namespace) of the database.
 *
 * @param name    its name
 * @param comment its comment, null when it has none
 */
public record Schema(String name, String comment) {

    public Schema {
        Objects.requireNonNull(name, "name");
    }
}
