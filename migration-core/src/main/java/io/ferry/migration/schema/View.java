package io.ferry.migration.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A view or a materialized view.
 *
 * @param materialized whether it is a materialized view
 * @param definition   its query as {@code pg_get_viewdef} writes it, without the final semicolon
 * @param options      its options ({@code check_option=local}, {@code security_barrier=true}, ...), sorted
 * @param columns      its columns by name (only their types and comments are its own)
 * @param dependsOn    the tables, views and materialized views its query reads, sorted
 * @param columnsRead  the columns of those its query reads by name (a column it reads cannot change type
 *                     while it exists), sorted
 * @param comment      its comment, null when it has none
 */
public record View(String schema, String name, boolean materialized, String definition, List<String> options,
                   List<Column> columns, List<RelationName> dependsOn, List<ColumnRef> columnsRead,
                   String comment) {

    public View {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        options = options.stream().sorted().toList();
        columns = columns.stream().sorted(Comparator.comparing(Column::name)).toList();
        dependsOn = dependsOn.stream().sorted().distinct().toList();
        columnsRead = columnsRead.stream().sorted(ColumnRef.ORDER).distinct().toList();
    }

    /** The view's name as a relation. */
    public RelationName relation() {
        return new RelationName(schema, name);
    }
}
