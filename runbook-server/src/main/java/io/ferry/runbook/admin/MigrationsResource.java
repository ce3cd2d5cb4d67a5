package io.ferry.runbook.admin;

import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/migrations}: where the migrations stand, from the snapshot (JSON for a client that asks for
 * {@code application/json}, the HTML dashboard for anyone else), and the retry of a failed migration run.
 */
@Path("/admin/migrations")
public class MigrationsResource {

    /** The body of {@code GET /admin/migrations} as JSON. */
    public record MigrationsView(String state, List<String> current, List<String> heads, List<Snapshot.Pending> pending,
                                 Snapshot.Failure lastFailure, Snapshot.Lock lock, List<Snapshot.HistoryRow> history) {

        static MigrationsView of(Snapshot.Migrations m) {
            return new MigrationsView(m.state().id(), m.current(), m.heads(), m.pending(), m.lastFailure(), m.lock(),
                    m.history());
        }
    }

    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    private final SnapshotRefresher snapshots;
    private final MigrationRunner runner;
    private final AdminSessions sessions;

    public MigrationsResource(SnapshotRefresher snapshots, MigrationRunner runner, AdminSessions sessions) {
        this.snapshots = snapshots;
        this.runner = runner;
        this.sessions = sessions;
    }

    /** JSON when the client prefers it; the dashboard otherwise (a browser, {@code * / *}). */
    @GET
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public Response migrations(@Context HttpHeaders headers, @CookieParam(AdminSessions.COOKIE) String session) {
        Snapshot snapshot = snapshots.current();
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        if (wantsJson(headers.getAcceptableMediaTypes())) {
            return Response.ok(MigrationsView.of(snapshot.migrations()), MediaType.APPLICATION_JSON_TYPE)
                    .cacheControl(noStore).build();
        }
        String page = AdminPages.migrations(snapshot, sessions.valid(session), runner.target().id()).render();
        return Response.ok(page, HTML).cacheControl(noStore).build();
    }

    /** Whether JSON comes before HTML in what the client accepts (most preferred first); a wildcard means HTML. */
    static boolean wantsJson(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            if (type.isWildcardType()) {
                return false;
            }
            String subtype = type.getSubtype();
            if ("json".equalsIgnoreCase(subtype) || subtype.toLowerCase(java.util.Locale.ROOT).endsWith("+json")) {
                return true;
            }
            if (type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
                return false;
            }
        }
        return false;
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
