package io.ferry.migration.safety;

/** What a statement that loses data takes away, as the data-loss report names it. */
public enum LossKind {
    /** A table dropped with its rows ({@code DROP TABLE}, {@code DROP SCHEMA ... CASCADE}). */
    TABLE("table", "rows"),
    /** A column dropped with its non-null values ({@code ALTER TABLE ... DROP COLUMN}). */
    COLUMN("column", "values"),
    /** The rows of a table that stays ({@code TRUNCATE}, {@code DELETE} without {@code WHERE}). */
    ROWS("rows of", "rows"),
    /** Values a type change does not keep ({@code ALTER COLUMN ... TYPE}). */
    VALUES("values of", "values"),
    /** Non-null values a type change's {@code USING} expression turns into NULL. */
    NULLED("values of", "values");

    private final String label;
    private final String unit;

    LossKind(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    /** How the report names the object: {@code table audit_log}, {@code rows of audit_log}. */
    public String label() {
        return label;
    }

    /** What the count counts. */
    public String unit() {
        return unit;
    }

    /** True for a type change ({@link #VALUES}, {@link #NULLED}): a count that fails on a value fails the change. */
    public boolean typeChange() {
        return this == VALUES || this == NULLED;
    }

    /** The name JSON output uses. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
