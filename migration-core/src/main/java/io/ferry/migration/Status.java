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
 * @param pending      revisions of the files that the database does not have and that {@code upgrade heads}
 *                     would apply, in order; when the database is at revisions no file defines, the
 *                     revisions its history shows below them are applied, not pending
 * @param unknownRevisions the current heads that no migration file defines, placed against the files
 * @param lastFailure  the most recent failed action, if any
 * @param lockHolder   who holds the migration lock now, if anyone
 */
public record Status(boolean initialised, List<String> currentHeads, List<String> targetHeads, List<String> pending,
                     Optional<UnknownRevisions> unknownRevisions, Optional<HistoryEntry> lastFailure,
                     Optional<LockHolder> lockHolder) {

    public Status {
        currentHeads = List.copyOf(currentHeads);
        targetHeads = List.copyOf(targetHeads);
        pending = List.copyOf(pending);
    }

    /** The current heads that no migration file defines. */
    public List<String> unknown() {
        return unknownRevisions.map(UnknownRevisions::heads).orElse(List.of());
    }

    /** True when the database is at every head and knows every revision it is at. */
    public boolean upToDate() {
        return pending.isEmpty() && unknownRevisions.isEmpty();
    }
}
