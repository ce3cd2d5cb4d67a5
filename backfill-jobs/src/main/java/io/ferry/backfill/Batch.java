package io.ferry.backfill;

import java.util.List;
import java.util.Optional;

/**
 * One batch: the keys after {@code after} (exclusive; empty for the first batch) up to and including
 * {@code upTo}, which hold {@code rows} rows when the batch was cut. Keys are kept as PostgreSQL's text
 * form of each key column, and are cast back to the column's type in SQL.
 */
public record Batch(Optional<List<String>> after, List<String> upTo, long rows) {

    public Batch {
        after = after.map(List::copyOf);
        upTo = List.copyOf(upTo);
    }
}
