package io.ferry.migration.schema;

import java.util.Objects;

/**
 * A table's constraint: primary key, unique, foreign key, check or exclusion. (Domains keep their checks;
 * {@code NOT NULL} is the column's.)
 *
 * @param table      the table it is on
 * @param definition as {@code pg_get_constraintdef} writes it: {@code FOREIGN KEY (source_id) REFERENCES
 *                   public.sources(id) ON DELETE CASCADE DEFERRABLE}
 * @param deferrable whether it is {@code DEFERRABLE}
 * @param deferred   whether it is {@code INITIALLY DEFERRED}
 * @param references for a foreign key, the table it references; otherwise null
 * @param comment    its comment, null when it has none
 */
public record Constraint(String schema, String table, String name, Type type, String definition,
                         boolean deferrable, boolean deferred, RelationName references, String comment) {

    public Constraint {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(definition, "definition");
    }

    /** The table it is on. */
    public RelationName relation() {
        return new RelationName(schema, table);
    }

    /** The kinds of table constraint. */
    public enum Type {
        PRIMARY_KEY, UNIQUE, FOREIGN_KEY, CHECK, EXCLUSION
    }
}
