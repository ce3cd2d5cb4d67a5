package io.ferry.migration.schema;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which part of a database a snapshot reads: some schemas or every one that is not the system's, minus
 * some tables. Ferry's own tables are left out by default, in the schema that holds Ferry's history
 * ({@code public} unless the project says otherwise).
 *
 * @param schemas        the schemas to read; empty for every schema but the system's ({@code pg_catalog},
 *                       {@code information_schema}, {@code pg_toast}, {@code pg_temp_*}) and those an
 *                       extension made
 * @param excludedTables tables left out, with everything on them (columns, constraints, indexes, triggers,
 *                       policies, the sequences they own)
 */
public record SchemaScope(List<String> schemas, Set<RelationName> excludedTables) {

    /**
     * The tables Ferry itself keeps in its history schema: the revision history, Flyway's history (under
     * its default name), and the runs and batches of backfills.
     */
    public static final List<String> FERRY_TABLES = List.of("ferry_version", "ferry_history",
            "flyway_schema_history", "ferry_backfill_runs", "ferry_backfill_batches");

    public SchemaScope {
        schemas = schemas.stream().distinct().sorted().toList();
        excludedTables = Set.copyOf(excludedTables);
    }

    /** Every schema but the system's, without Ferry's tables in {@code public}. */
    public static SchemaScope allSchemas() {
        return new SchemaScope(List.of(), Set.of()).withFerryTablesIn("public");
    }

    /** These schemas only, without Ferry's tables in {@code public}. */
    public static SchemaScope schemas(String... schemas) {
        return new SchemaScope(List.of(schemas), Set.of()).withFerryTablesIn("public");
    }

    /** This scope, leaving out Ferry's own tables in {@code historySchema} as well. */
    public SchemaScope withFerryTablesIn(String historySchema) {
        return excluding(FERRY_TABLES.stream().map(t -> new RelationName(historySchema, t)).toArray(RelationName[]::new));
    }

    /** This scope, leaving out these tables as well (a Flyway history table under another name, say). */
    public SchemaScope excluding(RelationName... tables) {
        Set<RelationName> all = new TreeSet<>(excludedTables);
        all.addAll(List.of(tables));
        return new SchemaScope(schemas, all);
    }

    /** Whether the snapshot reads every schema but the system's. */
    public boolean allNonSystemSchemas() {
        return schemas.isEmpty();
    }

    boolean excludes(RelationName table) {
        return excludedTables.contains(table);
    }
}
