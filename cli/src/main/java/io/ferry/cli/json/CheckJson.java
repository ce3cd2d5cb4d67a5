package io.ferry.cli.json;

import io.ferry.migration.Status;
import java.util.List;

/** {@code check}: whether the database is at every head of the files, and what is pending or unknown. */
public record CheckJson(boolean upToDate, List<String> current, List<String> heads, List<String> pending,
                        List<String> unknown) {

    public static CheckJson of(Status status) {
        return new CheckJson(status.upToDate(), status.currentHeads(), status.targetHeads(), status.pending(),
                status.unknown());
    }
}
