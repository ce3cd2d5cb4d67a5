package io.ferry.migration.schema;

import io.ferry.migration.sql.Quote;
import java.util.Comparator;
import java.util.Objects;

/**
 * A relation (table, view, materialized view) by schema and name, compared exactly as PostgreSQL stores
 * them: {@code Documents} and {@code documents} are two names.
 */
public record RelationName(String schema, String name) implements Comparable<RelationName> {

    private static final Comparator<RelationName> ORDER =
            Comparator.comparing(RelationName::schema).thenComparing(RelationName::name);

    public RelationName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** The name as SQL text, both parts quoted: {@code "public"."documents"}. */
    public String sql() {
        return Quote.ident(schema) + "." + Quote.ident(name);
    }

    /** For messages: the bare name in {@code public}, {@code schema.name} elsewhere. */
    public String display() {
        return Names.display(schema, name);
    }

    @Override
    public int compareTo(RelationName other) {
        return ORDER.compare(this, other);
    }

    // Written out, not generated: a snapshot's reader keys maps and sets with thousands of relation names,
    // and the record's generated methods would cost a command that has just started their bootstrap.

    @Override
    public boolean equals(Object o) {
        return o instanceof RelationName other && schema.equals(other.schema) && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return 31 * schema.hashCode() + name.hashCode();
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
