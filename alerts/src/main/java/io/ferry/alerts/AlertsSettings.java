package io.ferry.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code alerts:} section of ferry.yaml.
 *
 * <pre>
 * alerts:
 *   public-url: https://ferry.internal.example     # base of runbook links; env FERRY_PUBLIC_URL wins
 *   retry: [0s, 5s, 5min, 30min, 2h, 5h, 10h, 10h] # the delivery attempts' delays
 *   sinks:
 *     pager: {type: pagerduty, routing-key: ${PAGERDUTY_ROUTING_KEY}, min-severity: critical}
 *     ops:   {type: webhook, url: https://hooks.example/ferry, secret: ${FERRY_WEBHOOK_SECRET}}
 *     am:    {type: alertmanager, url: http://alertmanager:9093}
 *     chat:  {type: slack, url: ${SLACK_WEBHOOK_URL}, rules: [migration-failed]}
 * </pre>
 *
 * @param publicUrl the base of runbook links, without a trailing slash; null when unset
 * @param retry     the delay before each attempt of a delivery: the first is usually 0s, the list's length is the
 *                  number of attempts before a delivery is dead-lettered
 * @param sinks     the sinks, in file order
 */
public record AlertsSettings(String publicUrl, List<Duration> retry, List<SinkSettings> sinks) {

    /** The schedule when ferry.yaml gives none. */
    public static final List<Duration> DEFAULT_RETRY = List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10));

    public AlertsSettings {
        retry = List.copyOf(retry);
        sinks = List.copyOf(sinks);
    }

    /** No sinks: alerts are still evaluated, shown and counted, and delivered nowhere. */
    public static AlertsSettings none() {
        return new AlertsSettings(null, DEFAULT_RETRY, List.of());
    }

    /**
     * Reads the section.
     *
     * @param node        the {@code alerts:} node of ferry.yaml; null when the file has none
     * @param file        the file, for messages
     * @param environment reads {@code ${NAME}} (and FERRY_PUBLIC_URL); returns null for an unset variable
     * @throws io.ferry.migration.api.FerryException ({@code invalid-configuration}) naming the file, the sink and
     *                                               the problem: an unknown type or key, a missing url, a bad
     *                                               duration, an unset {@code ${NAME}}
     */
    public static AlertsSettings parse(JsonNode node, Path file, Function<String, String> environment) {
        return SettingsReader.read(node, file, environment);
    }

    /** The sink of that name, or null. */
    public SinkSettings sink(String name) {
        return sinks.stream().filter(sink -> sink.name().equals(name)).findFirst().orElse(null);
    }
}
