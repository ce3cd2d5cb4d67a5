package io.ferry.backfill;

import java.util.Locale;

/** The state of a run in {@code ferry_backfill_runs}. */
public enum RunState {
    /** Batches are running; or the process died, which {@link RunRecord#interrupted()} tells apart. */
    RUNNING,
    /** Stopped on request (a signal, or {@code --max-rows} reached); the next run resumes it. */
    PAUSED,
    /** Walked to the end. */
    SUCCEEDED,
    /** A batch failed for good; committed batches stay and the next run resumes after them. */
    FAILED,
    /** Abandoned by {@code --restart}: a new run started from the beginning instead. */
    CANCELLED;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState of(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }

    /** True for the states a new run continues from rather than starting over. */
    public boolean resumable() {
        return this == RUNNING || this == PAUSED || this == FAILED;
    }
}
