package io.ferry.runbook.snapshot;

import io.ferry.runbook.project.DriftInterval;
import io.ferry.runbook.project.ServerProject;
import io.ferry.runbook.snapshot.Snapshot.InvalidIndex;
import io.ferry.runbook.snapshot.Snapshot.SchemaDrift;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The scheduled drift check: every {@code ferry.drift.interval} (default 10 min; {@code 0} or {@code off}: never),
 * on its own thread, replays the database's current heads on a scratch database ({@code ferry.dev-url}, else the
 * embedded server, as {@code ferry drift}; {@code --dev-url} when {@code ./ferry-server} was given one) and diffs; the last result goes into the snapshot
 * ({@link SnapshotRefresher#publish}). Requests never run it.
 */
@ApplicationScoped
public class DriftWatcher {

    private static final Logger LOG = Logger.getLogger(DriftWatcher.class);
    /** How long the server's stop waits for a drift check that is running. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final ServerProject project;
    private final SnapshotRefresher snapshots;
    private final Duration interval;
    private final String devUrl;
    private ScheduledExecutorService worker;

    public DriftWatcher(ServerProject project, SnapshotRefresher snapshots,
                        @ConfigProperty(name = "ferry.drift.interval", defaultValue = "10m") String interval,
                        @ConfigProperty(name = "ferry.dev-url") Optional<String> devUrl) {
        this.project = project;
        this.snapshots = snapshots;
        this.interval = DriftInterval.parse(interval);
        this.devUrl = project.devUrl().or(() -> devUrl).filter(u -> !u.isBlank()).orElse(null);
    }

    void start(@Observes StartupEvent event) {
        if (interval.isZero() || interval.isNegative()) {
            snapshots.publish(SchemaDrift.DISABLED);
            return;
        }
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-drift");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Lets a check that is running end before the process does: it may be starting the embedded PostgreSQL, whose
     * processes would outlive an interrupted start. Bounded by {@link #STOP_WAIT}.
     */
    void stop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.shutdown();
            try {
                if (!worker.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warnf("the drift check still runs after %d s; stopping without it", STOP_WAIT.toSeconds());
                    worker.shutdownNow();
                }
            } catch (InterruptedException e) {
                worker.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs the check once and publishes its result; never throws. */
    void check() {
        Instant started = Instant.now();
        SchemaDrift result;
        try {
            io.ferry.workspace.SchemaDrift drift = project.drift(devUrl);
            List<InvalidIndex> invalid = drift.invalidIndexes().stream()
                    .map(i -> new InvalidIndex(i.index(), i.table(), i.fix())).toList();
            result = new SchemaDrift(true, started, took(started), drift.current(), drift.differences(), invalid,
                    null);
        } catch (RuntimeException e) {
            LOG.debugf(e, "the drift check could not run: %s", e.getMessage());
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            result = new SchemaDrift(true, started, took(started), List.of(), List.of(), List.of(),
                    message.lines().findFirst().orElse(message));
        }
        try {
            snapshots.publish(result);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not publish the drift check: %s", e.getMessage());
        }
    }

    private static long took(Instant started) {
        return Duration.between(started, Instant.now()).toMillis();
    }
}
