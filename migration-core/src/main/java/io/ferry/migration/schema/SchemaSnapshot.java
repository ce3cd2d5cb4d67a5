package io.ferry.migration.schema;

import java.sql.Connection;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * A database's schema as a value: every object of the schemas read, with the attributes that make it what
 * it is, read from the catalogs in one consistent pass. Two snapshots of equal schemas are equal, and
 * write the same JSON: every list is sorted (columns by name, relations by schema and name, ...), names
 * are compared exactly, and definitions are the catalog's own deparsed text, schema-qualified throughout.
 *
 * <p>{@link SchemaDiff#between} compares two of them. What a snapshot holds, and what it leaves out, is
 * described in {@code docs/schema.md}.
 *
 * @param schemas     the schemas read
 * @param extensions  the extensions installed in them (the objects an extension makes are not listed)
 * @param enums       enum types
 * @param domains     domains, with their checks
 * @param composites  composite types
 * @param sequences   sequences (not those behind identity columns)
 * @param tables      tables, partitioned tables and partitions, with their columns
 * @param views       views and materialized views
 * @param constraints the tables' primary key, unique, foreign key, check and exclusion constraints
 * @param indexes     indexes of tables and materialized views, but those constraints stand for
 * @param routines    functions and procedures
 * @param triggers    triggers of tables and views
 * @param policies    row-level security policies
 */
public record SchemaSnapshot(List<Schema> schemas, List<Extension> extensions, List<EnumType> enums,
                             List<DomainType> domains, List<CompositeType> composites, List<Sequence> sequences,
                             List<Table> tables, List<View> views, List<Constraint> constraints,
                             List<Index> indexes, List<Routine> routines, List<Trigger> triggers,
                             List<Policy> policies) {

    public SchemaSnapshot {
        schemas = sorted(schemas, Comparator.comparing(Schema::name));
        extensions = sorted(extensions, Comparator.comparing(Extension::name));
        enums = sorted(enums, Comparator.comparing(EnumType::schema).thenComparing(EnumType::name));
        domains = sorted(domains, Comparator.comparing(DomainType::schema).thenComparing(DomainType::name));
        composites = sorted(composites,
                Comparator.comparing(CompositeType::schema).thenComparing(CompositeType::name));
        sequences = sorted(sequences, Comparator.comparing(Sequence::schema).thenComparing(Sequence::name));
        tables = sorted(tables, Comparator.comparing(Table::relation));
        views = sorted(views, Comparator.comparing(View::relation));
        constraints = sorted(constraints, Comparator.comparing(Constraint::relation).thenComparing(Constraint::name));
        indexes = sorted(indexes, Comparator.comparing(Index::schema).thenComparing(Index::name));
        routines = sorted(routines, Comparator.comparing(Routine::schema).thenComparing(Routine::name)
                .thenComparing(Routine::arguments));
        triggers = sorted(triggers, Comparator.comparing(Trigger::relation).thenComparing(Trigger::name));
        policies = sorted(policies, Comparator.comparing(Policy::relation).thenComparing(Policy::name));
    }

    /** A snapshot of no schema at all. */
    public static SchemaSnapshot empty() {
        return new SchemaSnapshot(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * Reads the schema of every schema but the system's, leaving out Ferry's own tables in {@code public}.
     *
     * @see #read(Connection, SchemaScope)
     */
    public static SchemaSnapshot read(Connection connection) {
        return read(connection, SchemaScope.allSchemas());
    }

    /**
     * Reads the part of the schema {@code scope} names, with a fixed number of catalog queries (one per kind
     * of object) however many objects there are, in one repeatable-read, read-only transaction so that the
     * snapshot is consistent. A connection in autocommit gets that transaction and is left in autocommit;
     * on a connection already in a transaction, the snapshot reads within it and leaves it open. Either way
     * the session's {@code search_path} is as it was.
     *
     * @throws io.ferry.migration.api.FerryException when the database fails a query (a lost connection,
     *         a missing privilege on the catalogs)
     */
    public static SchemaSnapshot read(Connection connection, SchemaScope scope) {
        return SnapshotReader.read(connection, scope);
    }

    /**
     * As {@link #read(Connection, SchemaScope)} on a session of {@code source}, in a transaction of its own,
     * and faster on a large schema: a second session that imports the first one's snapshot runs some of
     * the queries at the same time, the indexes' and constraints' first (when the server exports the
     * snapshot and a second connection comes in time; otherwise the first session runs them all). Each
     * {@code getConnection} of {@code source} must give a connection of its own, as a driver's data source
     * or a pool does.
     *
     * @throws io.ferry.migration.api.FerryException a connection code when no connection can be had, or as
     *         {@link #read(Connection, SchemaScope)}
     */
    public static SchemaSnapshot read(DataSource source, SchemaScope scope) {
        return SnapshotReader.read(source, scope);
    }

    /** The snapshot as JSON: keys sorted, lists in the snapshot's order, two-space indents, null values left out. */
    public String toJson() {
        return SnapshotJson.write(this);
    }

    /**
     * A snapshot from the JSON {@link #toJson} wrote.
     *
     * @throws io.ferry.migration.api.FerryException {@code invalid-schema-snapshot} when the text is not such
     *         JSON, naming where it goes wrong
     */
    public static SchemaSnapshot fromJson(String json) {
        return SnapshotJson.read(json);
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        return items.stream().sorted(order).toList();
    }
}
