package io.ferry.alerts;

import java.net.URI;
import java.util.Set;

/**
 * One sink of ferry.yaml's {@code alerts.sinks}.
 *
 * @param name        its key in the file ({@code pager}, {@code ops}, ...)
 * @param type        the protocol spoken to it
 * @param url         where to post; for PagerDuty, the Events API v2 enqueue endpoint unless given; for
 *                    Alertmanager, its base URL (the sink posts to {@code /api/v2/alerts} under it)
 * @param secret      the Standard Webhooks signing secret ({@code whsec_...}), webhook sinks only
 * @param routingKey  PagerDuty's integration key, pagerduty sinks only
 * @param minSeverity the least severe alert it receives
 * @param rules       the rules it receives; empty for all
 */
public record SinkSettings(String name, Type type, URI url, String secret, String routingKey, Severity minSeverity,
                           Set<String> rules) {

    public SinkSettings {
        rules = rules == null ? Set.of() : Set.copyOf(rules);
        minSeverity = minSeverity == null ? Severity.INFO : minSeverity;
    }

    /** True when this sink receives {@code alert}. */
    public boolean accepts(Alert alert) {
        return alert.severity().atLeast(minSeverity) && (rules.isEmpty() || rules.contains(alert.rule()));
    }

    /** The protocols. */
    public enum Type {
        WEBHOOK, PAGERDUTY, ALERTMANAGER, SLACK
    }
}
