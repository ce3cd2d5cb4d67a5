package io.ferry.runbook.snapshot;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.event.MigrationListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's own migration runs: whether one is in progress, the revision it is running, and how the last one
 * failed. At most one run at a time: {@link #tryStart} is the only way in.
 */
@ApplicationScoped
public class RunTracker {

    /** A run of this server that failed: when it started, and why. */
    public record OwnFailure(Instant runStartedAt, Instant failedAt, FerryException error) {
    }

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<OwnFailure> lastFailure = new AtomicReference<>();
    /** The revision the run has started and not yet finished; null between revisions and runs. */
    private volatile String revision;

    /** Claims the right to run; false when a run is in progress. */
    public boolean tryStart() {
        return running.compareAndSet(false, true);
    }

    /** Ends the run {@link #tryStart} claimed: {@code failure} is null for a success, which clears the last failure. */
    public void finish(Instant startedAt, FerryException failure) {
        lastFailure.set(failure == null ? null : new OwnFailure(startedAt, Instant.now(), failure));
        revision = null;
        running.set(false);
    }

    /** Told of a run's events: keeps the revision it is running ({@link #revision}). */
    public MigrationListener listener() {
        return event -> {
            if (event instanceof MigrationEvent.RevisionStarted started) {
                revision = started.revision();
            } else if (event instanceof MigrationEvent.RevisionApplied || event instanceof MigrationEvent.RevisionFailed
                    || event instanceof MigrationEvent.RunFinished) {
                revision = null;
            }
        };
    }

    /** The revision this server's run is running now, when one is. */
    public Optional<String> revision() {
        return running.get() ? Optional.ofNullable(revision) : Optional.empty();
    }

    public boolean running() {
        return running.get();
    }

    public Optional<OwnFailure> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }
}
