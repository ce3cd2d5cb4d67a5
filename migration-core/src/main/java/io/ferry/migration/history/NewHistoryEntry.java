package io.ferry.migration.history;

import java.time.Instant;
import java.util.Optional;

/**
 * A row about to be written to {@code ferry_history}; the database fills in the id and the user.
 *
 * @param dataLoss what the revision's statements lost, when the run was allowed to lose data (one line:
 *                 {@code table audit_log: 1,204 rows; column accounts.email: 3 values})
 */
public record NewHistoryEntry(String revision, Action action, String checksum, Instant startedAt, long durationMs,
                              boolean success, Optional<String> error, Optional<Integer> statementsDone,
                              Optional<Integer> statementsTotal, Optional<String> statementsHash,
                              Optional<String> dataLoss) {

    public NewHistoryEntry {
        dataLoss = dataLoss == null ? Optional.empty() : dataLoss;
    }

    /** A row that records no data loss. */
    public NewHistoryEntry(String revision, Action action, String checksum, Instant startedAt, long durationMs,
                           boolean success, Optional<String> error, Optional<Integer> statementsDone,
                           Optional<Integer> statementsTotal, Optional<String> statementsHash) {
        this(revision, action, checksum, startedAt, durationMs, success, error, statementsDone, statementsTotal,
                statementsHash, Optional.empty());
    }

    public static NewHistoryEntry success(String revision, Action action, String checksum, Instant startedAt,
                                          long durationMs) {
        return new NewHistoryEntry(revision, action, checksum, startedAt, durationMs, true, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This row, recording that the run was allowed to lose {@code loss}. */
    public NewHistoryEntry withDataLoss(Optional<String> loss) {
        return new NewHistoryEntry(revision, action, checksum, startedAt, durationMs, success, error, statementsDone,
                statementsTotal, statementsHash, loss);
    }
}
