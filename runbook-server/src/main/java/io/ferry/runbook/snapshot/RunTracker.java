package io.ferry.runbook.snapshot;

import io.ferry.migration.api.FerryException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's own migration runs: whether one is in progress, and how the last one failed. At most one
 * run at a time: {@link #tryStart} is the only way in.
 */
@ApplicationScoped
public class RunTracker {

    /** A run of this server that failed: when it started, and why. */
    public record OwnFailure(Instant runStartedAt, Instant failedAt, FerryException error) {
    }

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<OwnFailure> lastFailure = new AtomicReference<>();

    /** Claims the right to run; false when a run is in progress. */
    public boolean tryStart() {
        return running.compareAndSet(false, true);
    }

    /** Ends the run {@link #tryStart} claimed: {@code failure} is null for a success, which clears the last failure. */
    public void finish(Instant startedAt, FerryException failure) {
        lastFailure.set(failure == null ? null : new OwnFailure(startedAt, Instant.now(), failure));
        running.set(false);
    }

    public boolean running() {
        return running.get();
    }

    public Optional<OwnFailure> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }
}
