package io.ferry.backfill;

import io.ferry.migration.sql.Quote;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table as the catalog describes it: its schema and name, and each column's type as
 * {@code format_type} writes it. Jobs build their SQL from these, never from configuration text, so
 * every identifier that reaches SQL exists and is quoted.
 *
 * @param columns column name to its SQL type, in the table's column order
 * @param baseTypes column name to its type without modifiers ({@code character varying} for
 *                  {@code character varying(40)}), for casts that must not truncate or round
 * @param uniqueKeys the column lists of the table's unique, non-partial indexes (the primary key first)
 * @param orderedKeys those of {@code uniqueKeys} whose index is a plain ascending btree in the columns'
 *                    own collations, which can serve a walk by the key
 * @param notNull the columns declared {@code NOT NULL}
 * @param identityAlways the columns declared {@code GENERATED ALWAYS AS IDENTITY}
 */
public record Table(String schema, String name, Map<String, String> columns, Map<String, String> baseTypes,
                    List<List<String>> uniqueKeys,
                    List<List<String>> orderedKeys, List<String> notNull, List<String> identityAlways) {

    /** The schema-qualified, quoted name for SQL. */
    public String sql() {
        return Quote.ident(schema) + "." + Quote.ident(name);
    }

    /** For messages: {@code public.documents}. */
    public String display() {
        return schema + "." + name;
    }

    /**
     * A column of this table quoted for SQL, for jobs that write expressions over it.
     *
     * @throws IllegalArgumentException when the table has no such column
     */
    public String quoted(String column) {
        if (!hasColumn(column)) {
            throw new IllegalArgumentException(display() + " has no column " + column);
        }
        return Quote.ident(column);
    }

    public Optional<String> type(String column) {
        return Optional.ofNullable(columns.get(column));
    }

    public boolean hasColumn(String column) {
        return columns.containsKey(column);
    }
}
