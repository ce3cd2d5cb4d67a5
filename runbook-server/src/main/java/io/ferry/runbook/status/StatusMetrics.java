package io.ferry.runbook.status;

import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Backfill;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Meter;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.ToDoubleFunction;

/**
 * The snapshot's figures as Prometheus gauges on {@code /q/metrics}: {@code ferry_database_up},
 * {@code ferry_migrations_pending}, {@code ferry_migrations_last_failure_timestamp_seconds} (0 when none),
 * {@code ferry_migration_lock_held_seconds} (0 when free), and per backfill job
 * {@code ferry_backfill_rows_total{job}} (rows its newest run walked) and
 * {@code ferry_backfill_rows_per_second{job}}; {@code ferry_snapshot_refreshes_total}, the rounds of queries
 * the server has completed to renew the snapshot, {@code ferry_snapshot_refresh_seconds_total}, the time they
 * took together, and {@code ferry_snapshot_last_refresh_timestamp_seconds}, when
 * the newest one ended (Unix time, to the millisecond; 0 before the first). A scrape reads the snapshot, never the
 * database.
 */
@Startup
@ApplicationScoped
public class StatusMetrics {

    private final MeterRegistry registry;
    private final SnapshotRefresher snapshots;
    /** The two gauges of each declared job, registered once: a scrape never finds them half re-registered. */
    private final Map<String, List<Meter>> jobGauges = new HashMap<>();

    public StatusMetrics(MeterRegistry registry, SnapshotRefresher snapshots) {
        this.registry = registry;
        this.snapshots = snapshots;
        gauge(registry, "ferry.database.up", "1 when the database answers, 0 when not",
                s -> s.database().reachable() ? 1 : 0);
        gauge(registry, "ferry.migrations.pending", "revisions not applied yet", s -> s.migrations().pending().size());
        gauge(registry, "ferry.migrations.last.failure.timestamp.seconds",
                "when the newest migration failure nothing has put right happened (Unix time), 0 when none",
                s -> s.migrations().lastFailure() == null ? 0 : s.migrations().lastFailure().at().toEpochMilli() / 1000.0);
        gauge(registry, "ferry.migration.lock.held.seconds",
                "how long the holder of the migration lock has been connected, 0 when it is free",
                s -> s.migrations().lock() == null ? 0
                        : Math.max(0, Duration.between(s.migrations().lock().heldSince(), Instant.now()).toMillis() / 1000.0));
        FunctionCounter.builder("ferry.snapshot.refreshes", snapshots, SnapshotRefresher::refreshes)
                .description("rounds of queries completed to renew the snapshot since the server started")
                .register(registry);
        FunctionCounter.builder("ferry.snapshot.refresh.seconds", snapshots, s -> s.refreshTime().toNanos() / 1e9)
                .description("time spent refreshing the snapshot since the server started")
                .register(registry);
        Gauge.builder("ferry.snapshot.last.refresh.timestamp.seconds", snapshots,
                        s -> s.lastRefreshEnded() == null ? 0 : s.lastRefreshEnded().toEpochMilli() / 1000.0)
                .description("when the newest refresh of the snapshot ended (Unix time), 0 before the first")
                .strongReference(true).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.snapshots.current())).description(description)
                .strongReference(true).register(registry);
    }

    void renewed(@Observes Snapshot snapshot) {
        jobs(snapshot);
    }

    /**
     * One pair of gauges per declared job, each reading the current snapshot; a job no longer declared loses
     * its gauges (an unreachable database, which lists no jobs, keeps them).
     */
    private synchronized void jobs(Snapshot snapshot) {
        if (!snapshot.database().reachable()) {
            return;
        }
        Set<String> declared = snapshot.backfills().stream().map(Backfill::job).collect(Collectors.toSet());
        for (String job : declared) {
            jobGauges.computeIfAbsent(job, j -> List.of(
                    Gauge.builder("ferry.backfill.rows.total", this, m -> m.job(j, b -> b.rowsScanned()))
                            .tag("job", j).description("rows the newest run of a backfill job has walked")
                            .strongReference(true).register(registry),
                    Gauge.builder("ferry.backfill.rows.per.second", this,
                                    m -> m.job(j, b -> b.rowsPerSecond() == null ? 0 : b.rowsPerSecond()))
                            .tag("job", j).description("rows per second over a backfill job's recent batches")
                            .strongReference(true).register(registry)));
        }
        jobGauges.entrySet().removeIf(e -> {
            if (declared.contains(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
    }

    /** A figure of {@code job}'s newest run in the current snapshot; 0 when the snapshot does not list it. */
    private double job(String job, ToDoubleFunction<Backfill> figure) {
        return snapshots.current().backfills().stream().filter(b -> b.job().equals(job)).findFirst()
                .map(figure::applyAsDouble).orElse(0.0);
    }
}
