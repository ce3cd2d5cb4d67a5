package io.ferry.migration.schema;

import java.util.Objects;

/**
 * An index that is not there for a constraint (a primary key, unique or exclusion constraint stands for
 * its own index), on a table or a materialized view.
 *
 * @param table      the table or materialized view it is on
 * @param definition its {@code CREATE INDEX} statement, as {@code pg_get_indexdef} writes it (for a
 *                   partitioned table, the form that also indexes its partitions)
 * @param valid      false when a {@code CREATE INDEX CONCURRENTLY} failed and left it behind unusable
 * @param comment    its comment, null when it has none
 */
public record Index(String schema, String table, String name, String definition, boolean valid, String comment) {

    public Index {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
    }

    /** The table or materialized view it is on. */
    public RelationName relation() {
        return new RelationName(schema, table);
    }
}
