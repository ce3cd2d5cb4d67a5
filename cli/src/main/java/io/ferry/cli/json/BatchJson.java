package io.ferry.cli.json;

import io.ferry.backfill.BatchReport;
import java.util.List;

/** One batch of a backfill: the keys it walked after and up to, what it scanned and changed, its time. */
public record BatchJson(int batch, List<String> after, List<String> upTo, long rowsScanned, long rowsChanged,
                        long durationMs) {

    public static BatchJson of(BatchReport b) {
        return new BatchJson(b.batch(), b.after().orElse(null), b.upTo(), b.rowsScanned(), b.rowsChanged(),
                b.durationMs());
    }
}
