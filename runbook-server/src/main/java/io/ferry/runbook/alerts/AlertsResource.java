package io.ferry.runbook.alerts;

import io.ferry.alerts.Delivery;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /api/alerts}: the alerts firing, the ones resolved lately (newest first), the recent deliveries, the
 * sinks, and whether this replica evaluates the rules. Read-only and open, as {@code /api/status} is; it reads
 * the server's memory, never the database.
 */
@Path("/api/alerts")
public class AlertsResource {

    /** How many deliveries the answer lists. */
    static final int DELIVERIES = 50;

    /** The answer. */
    public record AlertsAnswer(List<AlertView> active, List<AlertView> resolved, List<Delivery> deliveries,
                               List<AlertSink.SinkView> sinks, boolean leader) {
    }

    private final ServerAlerts alerts;

    public AlertsResource(ServerAlerts alerts) {
        this.alerts = alerts;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public AlertsAnswer alerts() {
        return new AlertsAnswer(alerts.book().active().stream().map(AlertView::of).toList(),
                alerts.book().resolved().stream().map(AlertView::of).toList(), alerts.sink().deliveries(DELIVERIES),
                alerts.sink().sinks(), alerts.leader());
    }
}
