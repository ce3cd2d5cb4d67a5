package io.ferry.migration.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A table, partitioned or not, or a partition of one. Its constraints, indexes, triggers and policies are
 * listed in the snapshot beside it.
 *
 * @param columns          its columns by name (PostgreSQL cannot reorder columns, so their order is not
 *                         compared); a partition lists only the columns it does not take from its parent
 * @param partitionKey     for a partitioned table, {@code RANGE (created_at)}; otherwise null
 * @param partitionOf      for a partition, its parent; otherwise null
 * @param partitionBound   for a partition, {@code FOR VALUES FROM (...) TO (...)} or {@code DEFAULT}; otherwise null
 * @param unlogged         whether it is {@code UNLOGGED}
 * @param rowSecurity      whether row-level security is enabled
 * @param forceRowSecurity whether row-level security applies to the table's owner too
 * @param comment          its comment, null when it has none
 */
public record Table(String schema, String name, List<Column> columns, String partitionKey,
                    RelationName partitionOf, String partitionBound, boolean unlogged, boolean rowSecurity,
                    boolean forceRowSecurity, String comment) {

    private static final Comparator<Column> BY_NAME = Comparator.comparing(Column::name);

    public Table {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        List<Column> byName = new ArrayList<>(columns);
        byName.sort(BY_NAME);
        columns = List.copyOf(byName);
    }

    /** The table's name as a relation. */
    public RelationName relation() {
        return new RelationName(schema, name);
    }
}
