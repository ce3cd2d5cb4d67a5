package io.ferry.runbook.snapshot;

import io.ferry.runbook.project.ServerProject;
import io.ferry.runbook.snapshot.Snapshot.MigrationState;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Holds the current {@link Snapshot} and renews it: every {@code ferry.refresh} (default 5 s), and when
 * the server itself changes something. Requests read {@link #current()}, which never touches the database;
 * a refresh is one round of queries on one session, one at a time however many clients there are.
 *
 * <p>The scheduled refreshes run at a fixed rate on a thread of their own, {@code ferry-refresh}, not on
 * Quarkus's scheduler: that one checks its jobs once a second on a worker pool it shares, so a sub-second
 * interval was run every second, and under load (16 clients on 2 cores) a {@code 1s} refresh ended 3 to 6
 * times in 10 s, leaving a change made by another process on an open page for longer than the interval. At a
 * fixed rate a refresh that takes longer than the interval delays the next one but does not cost one.
 */
@Startup
@ApplicationScoped
public class SnapshotRefresher {

    private static final Logger LOG = Logger.getLogger(SnapshotRefresher.class);

    private final SnapshotReader reader;
    private final RunTracker runs;
    private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.initial(Instant.now()));
    private final AtomicLong refreshes = new AtomicLong();
    /** How long the refreshes so far took, together, telling the observers included, in nanoseconds. */
    private final AtomicLong refreshNanos = new AtomicLong();
    /** When the newest refresh ended (Unix time in milliseconds); 0 before the first. */
    private final AtomicLong lastEnded = new AtomicLong();
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    private volatile Snapshot.SchemaDrift schemaDrift = Snapshot.SchemaDrift.NOT_CHECKED;

    private final Event<Snapshot> renewed;

    public SnapshotRefresher(ServerProject project, RunTracker runs, Event<Snapshot> renewed,
                             @ConfigProperty(name = "ferry.checks.long-transaction", defaultValue = "5m")
                             Duration longTransaction,
                             @ConfigProperty(name = "ferry.refresh", defaultValue = "5s") Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("ferry.refresh must be longer than 0s, not " + interval
                    + ": give how often to read the live state, for example 5s");
        }
        this.reader = new SnapshotReader(project, longTransaction);
        this.runs = runs;
        this.renewed = renewed;
        this.interval = interval;
    }

    /** The first snapshot is read before the server takes requests; the next ones every interval after it. */
    @PostConstruct
    void first() {
        refresh();
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ferry-refresh");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::scheduled, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A refresh under way ends (its session closed); no new one starts. */
    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
        }
    }

    /** The latest snapshot; never queries the database. */
    public Snapshot current() {
        return current.get();
    }

    /** How many refreshes (rounds of queries) this server has completed since it started. */
    public long refreshes() {
        return refreshes.get();
    }

    /** How long the refreshes so far took, together, telling the observers included. */
    public Duration refreshTime() {
        return Duration.ofNanos(refreshNanos.get());
    }

    /** When the newest refresh ended, its session closed; null before the first. */
    public Instant lastRefreshEnded() {
        long ended = lastEnded.get();
        return ended == 0 ? null : Instant.ofEpochMilli(ended);
    }

    /** How often the scheduled refreshes run ({@code ferry.refresh}). */
    public Duration interval() {
        return interval;
    }

    /**
     * One scheduled refresh; anything thrown would end the fixed-rate schedule for good, leaving the status,
     * health and alerts frozen while the process looks alive, so nothing gets out: an error is logged, and the
     * next refresh tries again.
     */
    void scheduled() {
        try {
            refresh();
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "the scheduled refresh failed: %s", e);
        }
    }

    /** Reads the state now; never throws (an unreachable database is part of the snapshot). */
    public synchronized Snapshot refresh() {
        long started = System.nanoTime();
        try {
            Snapshot next;
            try {
                next = reader.read(current.get(), runs).withSchemaDrift(schemaDrift);
            } catch (RuntimeException unexpected) {
                // A bug, not a state: keep the last snapshot and say so in the log.
                LOG.errorf(unexpected, "could not refresh the status: %s", unexpected.getMessage());
                return current.get();
            } finally {
                // Counted once its session is closed, before the observers hear of it.
                lastEnded.set(System.currentTimeMillis());
                refreshes.incrementAndGet();
            }
            current.set(next);
            announce(next);
            return next;
        } finally {
            // The observers' time included: it delays the next refresh as much as the reading does.
            refreshNanos.addAndGet(System.nanoTime() - started);
        }
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
