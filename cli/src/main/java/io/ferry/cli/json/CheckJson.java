package io.ferry.cli.json;

import io.ferry.migration.Status;
import io.ferry.migration.api.Remedy;
import java.util.List;
import java.util.function.Function;

/** {@code check}: whether the database is at every head of the files, and what is pending or unknown. */
public record CheckJson(boolean upToDate, List<String> current, List<String> heads, List<String> pending,
                        List<String> unknown, UnknownRevisionsJson unknownRevisions) {

    /** The answer, remedies in the words {@code words} gives them. */
    public static CheckJson of(Status status, Function<Remedy, String> words) {
        return new CheckJson(status.upToDate(), status.currentHeads(), status.targetHeads(), status.pending(),
                status.unknown(), status.unknownRevisions().map(u -> UnknownRevisionsJson.of(u, words)).orElse(null));
    }
}
