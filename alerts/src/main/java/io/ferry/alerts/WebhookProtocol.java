package io.ferry.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.time.Instant;

/**
 * Standard Webhooks: {@code {"type": "alert.firing", "timestamp", "data": {...}}}, signed at each attempt
 * with the {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature} headers.
 */
final class WebhookProtocol implements Protocol {

    @Override
    public String render(SinkSettings sink, Alert alert, Transition transition, String publicUrl) {
        ObjectNode body = JsonValues.object();
        body.put("type", "alert." + transition.word());
        body.set("timestamp", JsonValues.time(transition == Transition.RESOLVED ? alert.endsAt() : alert.startsAt()));
        ObjectNode data = body.putObject("data");
        data.put("key", alert.key());
        data.put("rule", alert.rule());
        data.put("severity", alert.severity().word());
        data.put("summary", alert.summary());
        data.set("details", JsonValues.of(alert.details()));
        data.put("runbook", alert.runbook());
        data.set("startsAt", JsonValues.time(alert.startsAt()));
        data.set("endsAt", JsonValues.time(alert.endsAt()));
        return JsonValues.write(body);
    }

    @Override
    public void sign(HttpRequest.Builder request, SinkSettings sink, String id, String body, Instant now) {
        long timestamp = now.getEpochSecond();
        request.header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signer.sign(sink.secret(), id, timestamp, body));
    }
}
