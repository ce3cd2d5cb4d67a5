package io.ferry.migration.lint;

import io.ferry.migration.sql.QualifiedName;
import java.util.Optional;

/**
 * What the lint rules may ask the database. {@link #NONE} answers for a lint without a database: nothing is known,
 * so every table a revision does not create is taken to exist, and size-aware rules report warnings.
 */
public interface Catalog {

    /** No database: every answer is unknown. */
    Catalog NONE = new Catalog() {
        @Override
        public boolean connected() {
            return false;
        }

        @Override
        public Optional<TableFacts> table(QualifiedName name) {
            return Optional.empty();
        }

        @Override
        public Optional<String> columnType(QualifiedName table, String column) {
            return Optional.empty();
        }

        @Override
        public boolean provenNotNull(QualifiedName table, String column) {
            return false;
        }

        @Override
        public Optional<QualifiedName> tableOfIndex(QualifiedName index) {
            return Optional.empty();
        }

        @Override
        public Optional<Boolean> isVolatile(String function) {
            return Optional.empty();
        }
    };

    /** True when the answers come from a database. */
    boolean connected();

    /** The table's size, or empty when it does not exist (or nothing is known). */
    Optional<TableFacts> table(QualifiedName name);

    /** The column's type as {@code format_type} writes it ({@code character varying(20)}), or empty. */
    Optional<String> columnType(QualifiedName table, String column);

    /**
     * True when the database can already prove the column holds no null: it is {@code NOT NULL}, or a validated
     * {@code CHECK (column IS NOT NULL)} constraint exists, so {@code SET NOT NULL} needs no scan (PostgreSQL 12+).
     */
    boolean provenNotNull(QualifiedName table, String column);

    /** The table an index belongs to, or empty when the index does not exist (or nothing is known). */
    Optional<QualifiedName> tableOfIndex(QualifiedName index);

    /** Whether a function (any overload) is volatile, or empty when no such function is known. */
    Optional<Boolean> isVolatile(String function);
}
