package io.ferry.migration.schema;

/**
 * How {@link SchemaDiff} writes its SQL.
 *
 * @param concurrentIndexes build and drop the indexes of tables that exist on both sides with
 *                          {@code CREATE INDEX CONCURRENTLY} and {@code DROP INDEX CONCURRENTLY}, which do
 *                          not block writes but cannot run inside a transaction (such changes say so:
 *                          {@link SchemaChange#transactional()} is false). Partitioned tables' indexes are
 *                          always built the plain way: PostgreSQL cannot build them concurrently.
 */
public record DiffOptions(boolean concurrentIndexes) {

    /** Plain {@code CREATE INDEX} and {@code DROP INDEX}. */
    public static DiffOptions defaults() {
        return new DiffOptions(false);
    }

    /** These options, with indexes built and dropped concurrently. */
    public DiffOptions withConcurrentIndexes() {
        return new DiffOptions(true);
    }
}
