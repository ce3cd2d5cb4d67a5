package io.ferry.migration.sql;

import java.util.Objects;
import java.util.Optional;

/**
 * The name of a table, index or other object as a statement writes it: an optional schema and a name, each
 * folded the way PostgreSQL folds it (unquoted: lower case; quoted: as written).
 */
public record QualifiedName(Optional<String> schema, String name) {

    public QualifiedName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    public static QualifiedName of(String name) {
        return new QualifiedName(Optional.empty(), name);
    }

    public static QualifiedName of(String schema, String name) {
        return new QualifiedName(Optional.ofNullable(schema), name);
    }

    /** The name as SQL text, each part quoted: what {@code to_regclass} accepts. */
    public String sql() {
        return schema.map(s -> Quote.ident(s) + ".").orElse("") + Quote.ident(name);
    }

    /** The name as people read it: {@code schema.name}, or {@code name}. */
    @Override
    public String toString() {
        return schema.map(s -> s + ".").orElse("") + name;
    }
}
