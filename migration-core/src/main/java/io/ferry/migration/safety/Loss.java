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
 * @param count    how many rows or values: exact, or {@code pg_class.reltuples}' estimate (-1 when the count
 *                 ran past its timeout and the estimate is missing or 0: nothing shows how much is there)
 * @param measure  how the count was made
 * @param note     for a loss that could not be counted, why
 * @param sqlState for a loss that could not be counted, the SQLSTATE the count failed with (empty when unknown);
 *                 otherwise empty
 */
public record Loss(String revision, String file, int line, LossKind kind, String object, long count, Measure measure,
                   Optional<String> note, String sqlState) {

    /** How a loss was measured. */
    public enum Measure {
        /** Counted on the live database. */
        EXACT,
        /** The count ran past its timeout: the table's size as the planner's statistics have it. */
        ESTIMATED,
        /**
         * The count failed: for a type change that fails on a value (SQLSTATE class 22, a data exception), the change
         * fails on the same value instead; for anything else, the loss is unknown and counts as one.
         */
        UNCOUNTED
    }

    public Loss {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(measure, "measure");
        note = note == null ? Optional.empty() : note;
        sqlState = sqlState == null ? "" : sqlState;
    }

    /**
     * True when running the statement loses something: a positive exact count, an estimate above 0 or unknown (a
     * count too slow to finish proves nothing), or a table or column whose count failed (nothing shows that nothing
     * is lost). A type change whose count failed on a value (SQLSTATE class 22) is not one: the change itself fails
     * on that value; one whose count failed for any other reason (a type an earlier statement creates, a function or
     * privilege missing) is unknown, and is one.
     */
    public boolean losesData() {
        return switch (measure) {
            case EXACT -> count > 0;
            case ESTIMATED -> count != 0;
            case UNCOUNTED -> !failsOnAValue();
        };
    }

    /** True for a type change whose count failed on a value: a data exception, SQLSTATE class 22. */
    public boolean failsOnAValue() {
        return kind.typeChange() && sqlState.startsWith("22");
    }

    /** {@code rows}, or {@code row} for one. */
    private String unit(long n) {
        return n == 1 ? kind.unit().substring(0, kind.unit().length() - 1) : kind.unit();
    }

    /** {@code file:line}. */
    public String where() {
        return file + ":" + line;
    }

    /**
     * {@code column accounts.email: 3 values}, {@code table documents: about 12M rows, estimated},
     * {@code values of accounts.id (to bigint): 1 value made NULL}.
     */
    public String describe() {
        String what = kind.label() + " " + object + ": ";
        return what + switch (measure) {
            case EXACT -> String.format(Locale.ROOT, "%,d", count) + " " + unit(count)
                    + (kind == LossKind.VALUES ? " changed" : kind == LossKind.NULLED ? " made NULL" : "");
            case ESTIMATED -> (count < 0 ? "not counted (too slow, and the planner's"
                    + " estimate is missing or out of date)"
                    : (kind == LossKind.COLUMN || kind.typeChange() ? "up to about " : "about ")
                    + Sizes.count(count) + " " + unit(count) + ", estimated");
            case UNCOUNTED -> "not counted (" + note.orElse("the count failed") + ")";
        };
    }
}
