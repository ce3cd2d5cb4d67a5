package io.ferry.runbook.snapshot;

import io.ferry.runbook.project.ServerProject;
import io.ferry.runbook.snapshot.Snapshot.MigrationState;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Holds the current {@link Snapshot} and renews it: every {@code ferry.refresh} (default 5 s), and when
 * the server itself changes something. Requests read {@link #current()}, which never touches the database;
 * a refresh is one round of queries, one at a time however many clients there are.
 */
@Startup
@ApplicationScoped
public class SnapshotRefresher {

    private static final Logger LOG = Logger.getLogger(SnapshotRefresher.class);

    private final SnapshotReader reader;
    private final RunTracker runs;
    private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.initial(Instant.now()));

    public SnapshotRefresher(ServerProject project, RunTracker runs) {
        this.reader = new SnapshotReader(project);
        this.runs = runs;
    }

    /** The first snapshot is read before the server takes requests. */
    @PostConstruct
    void first() {
        refresh();
    }

    /** The latest snapshot; never queries the database. */
    public Snapshot current() {
        return current.get();
    }

    @Scheduled(every = "${ferry.refresh}", delay = 1, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        refresh();
    }

    /** Reads the state now; never throws (an unreachable database is part of the snapshot). */
    public synchronized Snapshot refresh() {
        Snapshot next;
        try {
            next = reader.read(current.get(), runs);
        } catch (RuntimeException unexpected) {
            // A bug, not a state: keep the last snapshot and say so in the log.
            LOG.errorf(unexpected, "could not refresh the status: %s", unexpected.getMessage());
            return current.get();
        }
        current.set(next);
        return next;
    }

    /** Shows a run of this server as started at once, before the next refresh reads it. */
    public synchronized void markRunning() {
        current.updateAndGet(s -> new Snapshot(s.database(), s.migrations().withState(MigrationState.RUNNING,
                s.migrations().lastFailure()), s.generatedAt()));
    }
}
