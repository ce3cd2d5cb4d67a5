package io.ferry.migration.schema;

import java.util.Objects;

/**
 * A sequence, with its settings but not its current value (that is data). Sequences behind identity
 * columns are not listed: the column stands for them.
 *
 * @param dataType {@code smallint}, {@code integer} or {@code bigint}
 * @param ownedBy  the column whose drop drops the sequence ({@code serial} columns have one); null when none
 * @param comment  its comment, null when it has none
 */
public record Sequence(String schema, String name, String dataType, long start, long increment, long minValue,
                       long maxValue, long cache, boolean cycle, ColumnRef ownedBy, String comment) {

    public Sequence {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
    }

    /** The sequence's name as a relation. */
    public RelationName relation() {
        return new RelationName(schema, name);
    }
}
