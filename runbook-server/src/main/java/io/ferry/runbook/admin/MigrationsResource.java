package io.ferry.runbook.admin;

import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/migrations}: where the migrations stand (JSON, from the snapshot; the HTML dashboard comes
 * later, and until then every request gets the JSON), and the retry of a failed start-up migration.
 */
@Path("/admin/migrations")
public class MigrationsResource {

    /** The body of {@code GET /admin/migrations}. */
    public record MigrationsView(String state, List<String> current, List<String> heads, List<Snapshot.Pending> pending,
                                 Snapshot.Failure lastFailure, Snapshot.Lock lock) {

        static MigrationsView of(Snapshot.Migrations m) {
            return new MigrationsView(m.state().id(), m.current(), m.heads(), m.pending(), m.lastFailure(), m.lock());
        }
    }

    private final SnapshotRefresher snapshots;
    private final MigrationRunner runner;

    public MigrationsResource(SnapshotRefresher snapshots, MigrationRunner runner) {
        this.snapshots = snapshots;
        this.runner = runner;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public MigrationsView migrations() {
        return MigrationsView.of(snapshots.current().migrations());
    }

    /** 202 and the run starts in the background; 409 while a run is in progress. */
    @POST
    @Path("/retry")
    @AdminOnly
    @Produces(MediaType.APPLICATION_JSON)
    public Response retry() {
        Map<String, String> running = Map.of("state", "running");
        return Response.status(runner.start() ? Response.Status.ACCEPTED : Response.Status.CONFLICT)
                .entity(running).build();
    }
}
