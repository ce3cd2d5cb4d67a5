package io.ferry.migration.spi;

/**
 * A migration written in Java, with the same shape as Flyway's {@code JavaMigration} so that one moves
 * over by changing imports. Ferry finds implementations through {@link java.util.ServiceLoader}: list them
 * in {@code META-INF/services/io.ferry.migration.spi.JavaMigration}. Extend {@link BaseJavaMigration} to
 * take the version and description from a class name such as {@code V1_2__Seed_countries}.
 */
public interface JavaMigration {

    /** The version, written as in a file name or with dots ({@code 1_2} or {@code 1.2}). */
    String getVersion();

    /** The description, as {@code flyway_schema_history.description} records it. */
    String getDescription();

    /** A checksum to notice changes, or null for none (Flyway's default for Java migrations). */
    Integer getChecksum();

    /** Whether the migration may run inside a transaction (the usual case). */
    boolean canExecuteInTransaction();

    /** Does the work. An exception fails the migration; in a transaction, nothing of it is kept. */
    void migrate(Context context) throws Exception;
}
