package io.ferry.cli.support;

import io.ferry.migration.api.Durations;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.event.MigrationListener;
import java.io.PrintWriter;
import java.time.Duration;

/** Tells the operator on stderr what a run is doing, one line at a time. */
public final class Progress implements MigrationListener {

    private final PrintWriter err;

    public Progress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onEvent(MigrationEvent event) {
        if (event instanceof MigrationEvent.LockWaiting w) {
            line("waiting for the migration lock (" + Durations.format(round(w.waited())) + " of "
                    + Durations.format(w.limit()) + ")" + w.holder().map(h -> ", held by " + h.describe()).orElse(""));
        } else if (event instanceof MigrationEvent.RevisionStarted s && s.attempt() == 1) {
            line(s.direction().name().toLowerCase(java.util.Locale.ROOT) + " " + s.revision() + " (" + s.origin() + ")");
        } else if (event instanceof MigrationEvent.LockTimeoutRetry r) {
            String of = r.maxAttempts().isPresent() ? " of at most " + r.maxAttempts().getAsInt() : "";
            line("  " + r.revision() + ": a lock was not granted in time (attempt " + r.attempt() + of
                    + "); trying again in " + Durations.approximate(r.backoff()) + ", " + Durations.approximate(r.budgetLeft())
                    + " of --lock-retry-for left");
        } else if (event instanceof MigrationEvent.RevisionApplied a) {
            line("  done in " + Durations.format(round(a.took())));
        }
    }

    private static Duration round(Duration d) {
        return Duration.ofMillis(d.toMillis());
    }

    private void line(String text) {
        err.println(text);
        err.flush();
    }
}
