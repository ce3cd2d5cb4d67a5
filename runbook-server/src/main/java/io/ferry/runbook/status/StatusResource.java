package io.ferry.runbook.status;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET /api/status}: the whole live snapshot and every check's result, one JSON document;
 * {@code GET /api/status/stream}: the same document as a server-sent {@code status} event on connect and
 * each time the state changes. Neither queries the database.
 */
@Path("/api/status")
public class StatusResource {

    private final LiveStatus status;

    public StatusResource(LiveStatus status) {
        this.status = status;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public String status() {
        return status.json();
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink sink, @Context Sse sse) {
        status.subscribe(sink, sse);
    }
}
