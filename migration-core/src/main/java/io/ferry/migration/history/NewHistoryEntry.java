package io.ferry.migration.history;

import java.time.Instant;
import java.util.Optional;

/** A row about to be written to {@code ferry_history}; the database fills in the id and the user. */
public record NewHistoryEntry(String revision, Action action, String checksum, Instant startedAt, long durationMs,
                              boolean success, Optional<String> error, Optional<Integer> statementsDone,
                              Optional<Integer> statementsTotal, Optional<String> statementsHash) {

    public static NewHistoryEntry success(String revision, Action action, String checksum, Instant startedAt,
                                          long durationMs) {
        return new NewHistoryEntry(revision, action, checksum, startedAt, durationMs, true, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
