package io.ferry.backfill;

import java.util.List;
import java.util.Optional;

/** The figures of one batch: its key range, the rows it scanned and changed (or would), and its time. */
public record BatchReport(int batch, Optional<List<String>> after, List<String> upTo, int batchSize, long rowsScanned,
                          long rowsChanged, long durationMs) {
}
