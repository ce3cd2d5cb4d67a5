package io.ferry.migration.lint;

import io.ferry.migration.sql.QualifiedName;

/**
 * What the database says about a table: its estimated rows ({@code pg_class.reltuples}; {@code -1} when it was
 * never analysed), its size with indexes and TOAST ({@code pg_total_relation_size}), and whether it is a partitioned
 * table ({@code relkind 'p'}: it holds no rows itself, its partitions do).
 */
public record TableFacts(QualifiedName name, long rows, long bytes, boolean partitioned) {

    /** Bytes a row is taken to hold when the rows are unknown: a table never analysed is judged by its size. */
    public static final long BYTES_PER_ROW = 100;

    /** True when the table's rows were never counted ({@code ANALYZE} never ran on it). */
    public boolean rowsUnknown() {
        return rows < 0;
    }

    /**
     * True when the table has at least {@code largeTableRows} rows or, when its rows are unknown, at least
     * {@code largeTableRows * }{@link #BYTES_PER_ROW} bytes.
     */
    public boolean large(long largeTableRows) {
        return rowsUnknown() ? bytes >= largeTableRows * BYTES_PER_ROW : rows >= largeTableRows;
    }

    /** {@code documents (12M rows, 9.8 GB)}: how findings name a table they know the size of. */
    public String describe() {
        return name + " (" + (rowsUnknown() ? "never analysed" : Sizes.count(rows) + " rows") + ", "
                + Sizes.bytes(bytes) + ")";
    }
}
