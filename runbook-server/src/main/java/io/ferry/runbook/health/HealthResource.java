package io.ferry.runbook.health;

import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code GET /health}: ok, degraded (the database answers but migrations are pending, running or failed)
 * or down (the database does not answer). 200 for ok and degraded, so that a failed migration never takes
 * the server out; 503 for down. Read from the snapshot.
 */
@Path("/health")
public class HealthResource {

    /** The body of {@code /health}. */
    public record Health(String status, String database, String migrations, List<String> current, List<String> heads) {

        public static Health of(Snapshot s) {
            String status = !s.database().reachable() ? "down"
                    : s.migrations().state() == Snapshot.MigrationState.OK ? "ok" : "degraded";
            return new Health(status, s.database().reachable() ? "ok" : "unreachable", s.migrations().state().id(),
                    s.migrations().current(), s.migrations().heads());
        }
    }

    private final SnapshotRefresher snapshots;

    public HealthResource(SnapshotRefresher snapshots) {
        this.snapshots = snapshots;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        Health health = Health.of(snapshots.current());
        return Response.status(health.status().equals("down") ? Response.Status.SERVICE_UNAVAILABLE : Response.Status.OK)
                .entity(health).build();
    }
}
