package io.ferry.runbook.snapshot;

import io.ferry.runbook.project.ServerProject;
import io.ferry.runbook.snapshot.Snapshot.MigrationState;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    private final AtomicLong refreshes = new AtomicLong();
    private volatile Snapshot.SchemaDrift schemaDrift = Snapshot.SchemaDrift.NOT_CHECKED;

    private final Event<Snapshot> renewed;

    public SnapshotRefresher(ServerProject project, RunTracker runs, Event<Snapshot> renewed,
                             @ConfigProperty(name = "ferry.checks.long-transaction", defaultValue = "5m")
                             Duration longTransaction) {
        this.reader = new SnapshotReader(project, longTransaction);
        this.runs = runs;
        this.renewed = renewed;
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

    /** How many refreshes (rounds of queries) this server has completed since it started. */
    public long refreshes() {
        return refreshes.get();
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
            next = reader.read(current.get(), runs).withSchemaDrift(schemaDrift);
        } catch (RuntimeException unexpected) {
            // A bug, not a state: keep the last snapshot and say so in the log.
            LOG.errorf(unexpected, "could not refresh the status: %s", unexpected.getMessage());
            return current.get();
        } finally {
            refreshes.incrementAndGet(); // counted once its connections are closed
        }
        current.set(next);
        announce(next);
        return next;
    }

    /**
     * Keeps the newest result of the drift check ({@link DriftWatcher}): the current snapshot carries it at
     * once (its observers are told when it changed), and each refresh after; no database work.
     */
    public synchronized void publish(Snapshot.SchemaDrift drift) {
        schemaDrift = drift;
        Snapshot before = current.get();
        Snapshot next = current.updateAndGet(s -> s.withSchemaDrift(drift));
        if (!next.equals(before)) {
            announce(next);
        }
    }

    /** Shows a run of this server as started at once, before the next refresh reads it. */
    public synchronized void markRunning() {
        announce(current.updateAndGet(s -> s.withMigrations(s.migrations().withState(MigrationState.RUNNING,
                s.migrations().lastFailure()))));
    }

    /**
     * Tells the observers of {@code Snapshot} (the status stream, the metrics) of each new snapshot, in
     * order, on the refreshing thread; an observer's failure is logged and the refresh goes on.
     */
    private void announce(Snapshot next) {
        try {
            renewed.fire(next);
        } catch (RuntimeException e) {
            LOG.errorf(e, "an observer of the status failed: %s", e.getMessage());
        }
    }
}
