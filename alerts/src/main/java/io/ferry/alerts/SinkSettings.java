package io.ferry.alerts;

import java.net.URI;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * The url with what may be secret hidden, for lists and logs: user info and query always; the path of
     * webhook and Slack sinks too (a Slack incoming webhook's path is its secret).
     */
    public String maskedUrl() {
        if (url == null) {
            return null;
        }
        StringBuilder shown = new StringBuilder(url.getScheme()).append("://");
        if (url.getRawUserInfo() != null) {
            shown.append("***@");
        }
        shown.append(url.getHost());
        if (url.getPort() >= 0) {
            shown.append(':').append(url.getPort());
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        boolean pathIsSecret = type == Type.WEBHOOK || type == Type.SLACK;
        if (!path.isEmpty() && !path.equals("/")) {
            shown.append(pathIsSecret ? "/***" : path);
        }
        if (url.getRawQuery() != null) {
            shown.append("?***");
        }
        return shown.toString();
    }

    /** Never shows the secret, the routing key or the url's secret parts. */
    @Override
    public String toString() {
        return "SinkSettings[name=" + name + ", type=" + type + ", url=" + maskedUrl() + ", secret="
                + (secret == null ? "none" : "***") + ", routingKey=" + (routingKey == null ? "none" : "***")
                + ", minSeverity=" + minSeverity + ", rules=" + rules + "]";
    }

    /**
     * A digest of every setting: a sink that answered 410 stays disabled while this is unchanged.
     * (Rules are sorted, so that their order in the file does not count.)
     */
    String fingerprint() {
        return DeliveryIds.digest(name, String.valueOf(type), String.valueOf(url), secret, routingKey,
                String.valueOf(minSeverity), String.join(",", new TreeSet<>(rules)));
    }

    /** The protocols. */
    public enum Type {
        WEBHOOK, PAGERDUTY, ALERTMANAGER, SLACK
    }
}
