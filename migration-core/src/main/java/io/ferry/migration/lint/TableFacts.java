package io.ferry.migration.lint;

import io.ferry.migration.sql.QualifiedName;

/**
 * What the database says about a table: its estimated rows ({@code pg_class.reltuples}; {@code -1} when it was
 * never analysed) and its size with indexes and TOAST ({@code pg_total_relation_size}).
 */
public record TableFacts(QualifiedName name, long rows, long bytes) {

    /** {@code documents (12M rows, 9.8 GB)}: how findings name a table they know the size of. */
    public String describe() {
        return name + " (" + (rows < 0 ? "never analysed" : Sizes.count(rows) + " rows") + ", " + Sizes.bytes(bytes) + ")";
    }
}
