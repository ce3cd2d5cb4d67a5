package io.ferry.backfill;

import io.ferry.migration.api.RemedyKind;
import java.util.List;

/** Backfills' vocabulary of remedies: what a user can change or run to get past one of their errors. */
public enum BackfillRemedy implements RemedyKind {
    /** Start the job over from its first key, marking the interrupted run cancelled. */
    RESTART,
    /** Let each batch wait longer for the row locks it needs ({@code lock_timeout}). */
    BATCH_LOCK_TIMEOUT,
    /** Show the jobs' runs: which is going, where each stopped. */
    SHOW_STATUS;

    @Override
    public String inLibraryTerms(List<String> arguments) {
        return switch (this) {
            case RESTART -> "RunSettings.restart(true)";
            case BATCH_LOCK_TIMEOUT -> "RunSettings.lockTimeout(Duration)";
            case SHOW_STATUS -> "Backfills.status(int)";
        };
    }
}
