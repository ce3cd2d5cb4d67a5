package io.ferry.migration.history;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of {@code ferry_history}: one action on one revision, successful or not.
 *
 * @param id              the row's id; rows are numbered in the order they were written
 * @param revision        the revision acted on
 * @param action          upgrade, downgrade or stamp
 * @param checksum        the checksum of the revision's source at the time
 * @param databaseUser    {@code current_user} of the session that wrote the row
 * @param osUser          the operating-system user running Ferry, when known
 * @param startedAt       when the action started
 * @param durationMs      how long it took
 * @param success         whether it succeeded
 * @param error           the error, for a failure
 * @param statementsDone  for a revision run statement by statement: how many statements completed
 * @param statementsTotal for a revision run statement by statement: how many it has
 * @param ferryRelease    the Ferry release that wrote the row
 * @param statementsHash  for a revision run statement by statement that failed: a fingerprint of the
 *                        statements that completed, so that a resume can tell if they changed since
 * @param dataLoss        what the revision's statements lost when the run was allowed to lose data
 *                        ({@code --allow-data-loss}), as one line
 */
public record HistoryEntry(long id, String revision, Action action, String checksum, String databaseUser,
                           Optional<String> osUser, Instant startedAt, long durationMs, boolean success,
                           Optional<String> error, Optional<Integer> statementsDone,
                           Optional<Integer> statementsTotal, Optional<String> ferryRelease,
                           Optional<String> statementsHash, Optional<String> dataLoss) {

    /** A row without a record of data loss (written before the data_loss column, or losing nothing). */
    public HistoryEntry(long id, String revision, Action action, String checksum, String databaseUser,
                        Optional<String> osUser, Instant startedAt, long durationMs, boolean success,
                        Optional<String> error, Optional<Integer> statementsDone, Optional<Integer> statementsTotal,
                        Optional<String> ferryRelease, Optional<String> statementsHash) {
        this(id, revision, action, checksum, databaseUser, osUser, startedAt, durationMs, success, error,
                statementsDone, statementsTotal, ferryRelease, statementsHash, Optional.empty());
    }
}
