package io.ferry.migration.safety;

import io.ferry.migration.lint.Sizes;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One statement of a run that would lose data, and how much it would lose on the live database now.
 *
 * @param revision the revision whose statement it is
 * @param file     the revision's file
 * @param line     the line of the file where the losing part of the statement starts
 * @param kind     what it takes away
 * @param object   the table, or {@code table.column} (for a type change, with the new type), as the database names
 *                 it
 * @param count    how many rows or values: exact, or {@code pg_class.reltuples}' estimate (-1 when the table was
 *                 never analysed, or holds rows its estimate of 0 does not know)
 * @param measure  how the count was made
 * @param note     for a loss that could not be counted, why
 */
public record Loss(String revision, String file, int line, LossKind kind, String object, long count, Measure measure,
                   Optional<String> note) {

    /** How a loss was measured. */
    public enum Measure {
        /** Counted on the live database. */
        EXACT,
        /** The count ran past its timeout: the table's size as the planner's statistics have it. */
        ESTIMATED,
        /**
         * The count failed: for a type change, a value that cannot be converted makes the change fail instead; for
         * anything else, the loss is unknown and counts as one.
         */
        UNCOUNTED
    }

    public Loss {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(measure, "measure");
        note = note == null ? Optional.empty() : note;
    }

    /**
     * True when running the statement loses something: a positive exact count, an estimate above 0 or unknown (a
     * count too slow to finish proves nothing), or a table or column whose count failed (nothing shows that nothing
     * is lost). A type change that could not be counted is not one: that statement would fail.
     */
    public boolean losesData() {
        return switch (measure) {
            case EXACT -> count > 0;
            case ESTIMATED -> count != 0;
            case UNCOUNTED -> kind != LossKind.VALUES;
        };
    }

    /** {@code rows}, or {@code row} for one. */
    private String unit(long n) {
        return n == 1 ? kind.unit().substring(0, kind.unit().length() - 1) : kind.unit();
    }

    /** {@code file:line}. */
    public String where() {
        return file + ":" + line;
    }

    /** {@code column accounts.email: 3 values}, {@code table documents: about 12M rows, estimated}. */
    public String describe() {
        String what = kind.label() + " " + object + ": ";
        return what + switch (measure) {
            case EXACT -> String.format(Locale.ROOT, "%,d", count) + " " + unit(count)
                    + (kind == LossKind.VALUES ? " changed" : "");
            case ESTIMATED -> (count < 0 ? "not counted (too slow, and the planner's"
                    + " estimate is missing or out of date)"
                    : (kind == LossKind.COLUMN || kind == LossKind.VALUES ? "up to about " : "about ")
                    + Sizes.count(count) + " " + unit(count) + ", estimated");
            case UNCOUNTED -> "not counted (" + note.orElse("the count failed") + ")";
        };
    }
}
