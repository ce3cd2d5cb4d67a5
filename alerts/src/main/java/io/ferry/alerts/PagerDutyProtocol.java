package io.ferry.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;

/**
 * PagerDuty Events API v2: a {@code trigger} event deduplicated on the alert's key, and a {@code resolve}
 * with the same {@code dedup_key} when it ends.
 */
final class PagerDutyProtocol implements Protocol {

    /** PagerDuty cuts summaries at this length; Ferry cuts them first, so the end it keeps is chosen. */
    static final int SUMMARY_LIMIT = 1024;

    @Override
    public String render(SinkSettings sink, Alert alert, Transition transition, String publicUrl) {
        ObjectNode event = JsonValues.object();
        event.put("routing_key", sink.routingKey());
        event.put("event_action", transition == Transition.RESOLVED ? "resolve" : "trigger");
        event.put("dedup_key", alert.key());
        if (transition == Transition.RESOLVED) {
            return JsonValues.write(event);
        }
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", cut(alert.summary()));
        payload.put("source", source(alert, publicUrl));
        payload.put("severity", alert.severity().word());
        payload.set("timestamp", JsonValues.time(alert.startsAt()));
        payload.put("component", alert.rule());
        ObjectNode details = payload.putObject("custom_details");
        details.put("key", alert.key());
        alert.details().forEach((name, value) -> details.set(name, JsonValues.of(value)));
        if (alert.runbook() != null) {
            event.putArray("links").addObject().put("href", alert.runbook()).put("text", "Runbook: " + alert.rule());
        }
        if (publicUrl != null) {
            event.put("client", "Ferry");
            event.put("client_url", publicUrl + "/admin/migrations");
        }
        return JsonValues.write(event);
    }

    /** A trigger, then its resolve, so that the test leaves no incident open. */
    @Override
    public List<String> renderTest(SinkSettings sink, Alert alert, String publicUrl) {
        return List.of(render(sink, alert, Transition.FIRING, publicUrl),
                render(sink, alert.resolvedAt(alert.startsAt()), Transition.RESOLVED, publicUrl));
    }

    /** The affected system: the alert's database, else the runbook server's host, else "ferry". */
    private static String source(Alert alert, String publicUrl) {
        Object database = alert.details().get("database");
        if (database != null && !String.valueOf(database).isBlank()) {
            return String.valueOf(database);
        }
        return publicUrl == null ? "ferry" : URI.create(publicUrl).getHost();
    }

    private static String cut(String summary) {
        String text = summary == null ? "" : summary;
        return text.length() <= SUMMARY_LIMIT ? text : text.substring(0, SUMMARY_LIMIT - 1) + "…";
    }
}
