package io.ferry.runbook.health;

import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: down while the database does not answer or migrations are pending, running or
 * failed, so that a blue-green switch waits for a migrated database. ({@code /q/health/live} has no check
 * of Ferry's: it is up while the process runs.)
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    private final SnapshotRefresher snapshots;

    public ReadinessCheck(SnapshotRefresher snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public HealthCheckResponse call() {
        Snapshot s = snapshots.current();
        return HealthCheckResponse.named("ferry").status(s.ready())
                .withData("database", s.database().reachable() ? "ok" : "unreachable")
                .withData("migrations", s.migrations().state().id())
                .build();
    }
}
