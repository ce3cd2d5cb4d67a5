package io.ferry.runbook.status;

import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Backfill;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The snapshot's figures as Prometheus gauges on {@code /q/metrics}: {@code ferry_database_up},
 * {@code ferry_migrations_pending}, {@code ferry_migrations_last_failure_timestamp_seconds} (0 when none),
 * {@code ferry_migration_lock_held_seconds} (0 when free), and per backfill job
 * {@code ferry_backfill_rows_total{job}} (rows its newest run walked) and
 * {@code ferry_backfill_rows_per_second{job}}; and {@code ferry_snapshot_refreshes_total}, the rounds of queries
 * the server has completed to renew the snapshot. A scrape reads the snapshot, never the database.
 */
@Startup
@ApplicationScoped
public class StatusMetrics {

    private final SnapshotRefresher snapshots;
    private final MultiGauge rows;
    private final MultiGauge rate;

    public StatusMetrics(MeterRegistry registry, SnapshotRefresher snapshots) {
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
                        : Math.max(0, Duration.between(s.migrations().lock().since(), Instant.now()).toMillis() / 1000.0));
        FunctionCounter.builder("ferry.snapshot.refreshes", snapshots, SnapshotRefresher::refreshes)
                .description("rounds of queries completed to renew the snapshot since the server started")
                .register(registry);
        rows = MultiGauge.builder("ferry.backfill.rows.total")
                .description("rows the newest run of a backfill job has walked").register(registry);
        rate = MultiGauge.builder("ferry.backfill.rows.per.second")
                .description("rows per second over a backfill job's recent batches").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.snapshots.current())).description(description)
                .strongReference(true).register(registry);
    }

    void renewed(@Observes Snapshot snapshot) {
        jobs(snapshot);
    }

    /** One row per declared job; a job no longer declared goes. */
    private synchronized void jobs(Snapshot snapshot) {
        List<Backfill> backfills = snapshot.backfills();
        rows.register(backfills.stream().map(b -> MultiGauge.Row.of(Tags.of("job", b.job()), b.rowsScanned())).toList(),
                true);
        rate.register(backfills.stream().map(b -> MultiGauge.Row.of(Tags.of("job", b.job()),
                b.rowsPerSecond() == null ? 0 : b.rowsPerSecond())).toList(), true);
    }
}
