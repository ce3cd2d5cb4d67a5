package io.ferry.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's API v2, as Prometheus speaks it: a list of one alert posted to {@code /api/v2/alerts}, its
 * labels identifying it, {@code endsAt} once it is resolved. Alertmanager forgets an alert that is not sent
 * again, so firing ones are resent (see {@link #resends()}), all of a sink's in one list.
 */
final class AlertmanagerProtocol implements Protocol {

    /** How long a test alert lasts. */
    static final Duration TEST_LENGTH = Duration.ofMinutes(1);

    /**
     * {@code api/v2/alerts} resolved against the base address taken as a folder: {@code http://am:9093} and
     * {@code http://am:9093/} give {@code http://am:9093/api/v2/alerts}, {@code http://am:9093/prefix} gives
     * {@code http://am:9093/prefix/api/v2/alerts}. (The settings refuse a query or a fragment.)
     */
    @Override
    public URI target(SinkSettings sink) {
        URI url = sink.url();
        String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        return url.resolve(path + "/").resolve("api/v2/alerts");
    }

    @Override
    public String render(SinkSettings sink, Alert alert, Transition transition, String publicUrl) {
        ArrayNode body = JsonValues.array();
        ObjectNode item = body.addObject();
        ObjectNode labels = item.putObject("labels");
        labels.put("alertname", alert.rule());
        labels.put("severity", alert.severity().word());
        String subject = alert.key().contains(":") ? alert.key().substring(alert.key().indexOf(':') + 1) : null;
        label(labels, "database", alert.details().get("database"));
        label(labels, "subject", alert.details().getOrDefault("subject", subject));
        ObjectNode annotations = item.putObject("annotations");
        annotations.put("summary", alert.summary());
        String description = description(alert.details());
        if (!description.isEmpty()) {
            annotations.put("description", description);
        }
        if (alert.runbook() != null) {
            annotations.put("runbook_url", alert.runbook());
        }
        item.set("startsAt", JsonValues.time(alert.startsAt()));
        if (transition == Transition.TEST) {
            item.set("endsAt", JsonValues.time(alert.startsAt().plus(TEST_LENGTH)));
        } else if (transition == Transition.RESOLVED) {
            item.set("endsAt", JsonValues.time(alert.endsAt()));
        }
        if (publicUrl != null) {
            item.put("generatorURL", publicUrl + "/admin/migrations");
        }
        return JsonValues.write(body);
    }

    @Override
    public boolean resends() {
        return true;
    }

    /** The alerts of every body (each a list), in one list. */
    @Override
    public String together(List<String> bodies) {
        ArrayNode all = JsonValues.array();
        for (String body : bodies) {
            try {
                JsonValues.MAPPER.readTree(body).forEach(all::add);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a spooled Alertmanager body is not JSON: " + e.getMessage(), e);
            }
        }
        return JsonValues.write(all);
    }

    private static void label(ObjectNode labels, String name, Object value) {
        if (value != null && !String.valueOf(value).isBlank()) {
            labels.put(name, String.valueOf(value));
        }
    }

    /** The details, one {@code name: value} line each. */
    private static String description(Map<String, Object> details) {
        StringBuilder text = new StringBuilder();
        details.forEach((name, value) -> {
            Object shown = value instanceof Map || value instanceof Iterable
                    ? JsonValues.write(JsonValues.of(value)) : value;
            text.append(text.isEmpty() ? "" : "\n").append(name).append(": ").append(shown);
        });
        return text.toString();
    }
}
