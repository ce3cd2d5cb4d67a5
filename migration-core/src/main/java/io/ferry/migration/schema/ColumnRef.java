package io.ferry.migration.schema;

import io.ferry.migration.sql.Quote;
import java.util.Comparator;
import java.util.Objects;

/** One column of one table: what a sequence is owned by. */
public record ColumnRef(String schema, String table, String column) {

    static final Comparator<ColumnRef> ORDER = Comparator.comparing(ColumnRef::schema)
            .thenComparing(ColumnRef::table).thenComparing(ColumnRef::column);

    public ColumnRef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
    }

    /** The table the column belongs to. */
    public RelationName relation() {
        return new RelationName(schema, table);
    }

    /** The column as SQL text: {@code "public"."documents"."id"}. */
    public String sql() {
        return relation().sql() + "." + Quote.ident(column);
    }
}
