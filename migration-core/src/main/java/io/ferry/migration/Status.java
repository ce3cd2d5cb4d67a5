package io.ferry.migration;

import io.ferry.migration.api.LockHolder;
import io.ferry.migration.history.HistoryEntry;
import java.util.List;
import java.util.Optional;

/**
 * The state of a database against its migrations, read without changing anything: what the runbook
 * server shows beside the procedures.
 *
 * @param initialised  whether Ferry's history tables exist
 * @param currentHeads the heads the database is at
 * @param targetHeads  the heads of the migration files
 * @param pending      revisions that {@code upgrade heads} would apply, in order
 * @param unknown      current heads that no migration file defines
 * @param lastFailure  the most recent failed action, if any
 * @param lockHolder   who holds the migration lock now, if anyone
 */
public record Status(boolean initialised, List<String> currentHeads, List<String> targetHeads, List<String> pending,
                     List<String> unknown, Optional<HistoryEntry> lastFailure, Optional<LockHolder> lockHolder) {

    public Status {
        currentHeads = List.copyOf(currentHeads);
        targetHeads = List.copyOf(targetHeads);
        pending = List.copyOf(pending);
        unknown = List.copyOf(unknown);
    }

    /** True when the database is at every head and knows every revision it is at. */
    public boolean upToDate() {
        return pending.isEmpty() && unknown.isEmpty();
    }
}
