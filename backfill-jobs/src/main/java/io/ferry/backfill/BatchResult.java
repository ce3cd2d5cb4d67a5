package io.ferry.backfill;

import java.util.List;

/**
 * What a batch changed, or for a dry run would change: the number of rows and, for a dry run, the first
 * few of them with their values before and after.
 */
public record BatchResult(long rowsChanged, List<Sample> samples) {

    public BatchResult {
        samples = List.copyOf(samples);
    }

    public static BatchResult changed(long rows) {
        return new BatchResult(rows, List.of());
    }
}
