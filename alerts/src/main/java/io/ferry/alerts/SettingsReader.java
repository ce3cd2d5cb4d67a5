package io.ferry.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.migration.api.Durations;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ferry.yaml's {@code alerts:} section into {@link AlertsSettings}. Every problem is one
 * {@code invalid-configuration} error naming the file, the sink and what is wrong, with a hint saying what
 * to write; no message ever quotes a secret, a routing key or a URL read from the environment.
 */
final class SettingsReader {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final List<String> SECTION_KEYS = List.of("public-url", "retry", "sinks");
    static final URI PAGERDUTY_EVENTS = URI.create("https://events.pagerduty.com/v2/enqueue");

    private final Path file;
    private final Function<String, String> environment;

    private SettingsReader(Path file, Function<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    static AlertsSettings read(JsonNode node, Path file, Function<String, String> environment) {
        return new SettingsReader(file, environment).section(node);
    }

    private AlertsSettings section(JsonNode given) {
        JsonNode node = given == null || given.isNull() || given.isMissingNode() ? JsonValues.object() : given;
        if (!node.isObject()) {
            throw invalid("alerts must be a map",
                    "write alerts: with public-url:, retry: and sinks: indented below it");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!SECTION_KEYS.contains(key)) {
                throw invalid("alerts: unknown key '" + key + "'", "the keys of alerts: are "
                        + String.join(", ", SECTION_KEYS));
            }
        }
        JsonNode retry = node.get("retry");
        return new AlertsSettings(publicUrl(node.get("public-url")),
                retry == null || retry.isNull() ? AlertsSettings.DEFAULT_RETRY : retry(retry), sinks(node.get("sinks")));
    }

    /** FERRY_PUBLIC_URL, else alerts.public-url, without a trailing slash; null when neither is set. */
    private String publicUrl(JsonNode inFile) {
        String hint = "give the runbook server's address as people reach it, for example https://ferry.example.com";
        String fromEnv = environment.apply("FERRY_PUBLIC_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            String url = fromEnv.strip().replaceAll("/+$", "");
            if (httpUri(url) == null) {
                throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION,
                        "FERRY_PUBLIC_URL is not an http or https URL", hint);
            }
            return url;
        }
        String written = text(inFile);
        if (written == null) {
            return null;
        }
        String url = expand(written, "alerts.public-url").strip().replaceAll("/+$", "");
        if (httpUri(url) == null) {
            throw invalid("alerts.public-url is not an http or https URL", hint);
        }
        return url;
    }

    private List<Duration> retry(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        String hint = "write the delays before each attempt as a list of durations, for example"
                + " retry: [0s, 5s, 5min, 30min, 2h]";
        if (items.isEmpty()) {
            throw invalid("alerts.retry is empty: a delivery would never be attempted", hint);
        }
        List<Duration> delays = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isValueNode()) {
                throw invalid("alerts.retry must be a list of durations", hint);
            }
            try {
                delays.add(Durations.parse(item.asText()));
            } catch (IllegalArgumentException e) {
                throw invalid("alerts.retry: " + e.getMessage(), hint);
            }
        }
        return delays;
    }

    private List<SinkSettings> sinks(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            throw invalid("alerts.sinks must be a map of sink names to their settings",
                    "write sinks:, then each sink as 'name:' with type: and its keys indented below");
        }
        List<SinkSettings> sinks = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            sinks.add(sink(entry.getKey(), entry.getValue()));
        }
        return sinks;
    }

    private SinkSettings sink(String name, JsonNode node) {
        String where = "alerts sink '" + name + "'";
        if (!NAME.matcher(name).matches()) {
            throw invalid(where + ": the name is not allowed", "name sinks with letters, digits, '.', '_' and '-'");
        }
        if (node == null || !node.isObject()) {
            throw invalid(where + " must be a map of settings",
                    "give it type: (webhook, pagerduty, alertmanager or slack) and that type's keys");
        }
        SinkSettings.Type type = type(where, text(node.get("type")));
        Set<String> allowed = keys(type);
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!allowed.contains(key)) {
                throw invalid(where + " (" + word(type) + "): unknown key '" + key + "'",
                        "the keys of a " + word(type) + " sink are " + String.join(", ", allowed));
            }
        }
        URI url = url(where, type, node);
        String secret = type == SinkSettings.Type.WEBHOOK ? secret(where, node) : null;
        String routingKey = type == SinkSettings.Type.PAGERDUTY
                ? required(where, node, "routing-key", "write routing-key: ${PAGERDUTY_ROUTING_KEY}, with the integration"
                + " key of the PagerDuty service's Events API v2 integration in that variable") : null;
        return new SinkSettings(name, type, url, secret, routingKey, minSeverity(where, node), rules(where, node));
    }

    private SinkSettings.Type type(String where, String word) {
        String hint = "write type: webhook, pagerduty, alertmanager or slack";
        if (word == null) {
            throw invalid(where + " has no type", hint);
        }
        for (SinkSettings.Type type : SinkSettings.Type.values()) {
            if (word(type).equals(word.strip())) {
                return type;
            }
        }
        throw invalid(where + ": type '" + word + "' is not known", hint);
    }

    private static String word(SinkSettings.Type type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static Set<String> keys(SinkSettings.Type type) {
        Set<String> keys = new LinkedHashSet<>(List.of("type", "url"));
        switch (type) {
            case WEBHOOK -> keys.add("secret");
            case PAGERDUTY -> keys.add("routing-key");
            default -> {
            }
        }
        keys.addAll(List.of("min-severity", "rules"));
        return keys;
    }

    private URI url(String where, SinkSettings.Type type, JsonNode node) {
        if (type == SinkSettings.Type.PAGERDUTY && text(node.get("url")) == null) {
            return PAGERDUTY_EVENTS;
        }
        String example = switch (type) {
            case WEBHOOK -> "url: https://hooks.example.com/ferry";
            case ALERTMANAGER -> "url: http://alertmanager:9093 (its base address; Ferry posts to /api/v2/alerts)";
            case SLACK -> "url: ${SLACK_WEBHOOK_URL} (the incoming webhook's address)";
            case PAGERDUTY -> "url: " + PAGERDUTY_EVENTS + ", or leave it out";
        };
        URI url = httpUri(required(where, node, "url", "write " + example));
        if (url == null) {
            throw invalid(where + ": url is not an http or https URL", "write " + example);
        }
        if (type == SinkSettings.Type.ALERTMANAGER && (url.getRawQuery() != null || url.getRawFragment() != null)) {
            throw invalid(where + ": url has a " + (url.getRawQuery() != null ? "query" : "fragment")
                    + "; an Alertmanager's url is its base address, which takes neither", "write " + example);
        }
        return url;
    }

    private String secret(String where, JsonNode node) {
        String hint = "write secret: ${FERRY_WEBHOOK_SECRET}, set to whsec_ followed by the base64 of 24 to 64"
                + " random bytes (echo whsec_$(openssl rand -base64 32))";
        String secret = required(where, node, "secret", hint);
        if (Signer.key(secret) == null) {
            throw invalid(where + ": secret is not a Standard Webhooks secret (whsec_ and base64)", hint);
        }
        return secret;
    }

    private Severity minSeverity(String where, JsonNode node) {
        String word = text(node.get("min-severity"));
        if (word == null) {
            return null;
        }
        Severity severity = Severity.parse(word.strip().toLowerCase(Locale.ROOT));
        if (severity == null) {
            throw invalid(where + ": min-severity '" + word + "' is not a severity",
                    "write min-severity: critical, error, warning or info");
        }
        return severity;
    }

    private Set<String> rules(String where, JsonNode node) {
        JsonNode rules = node.get("rules");
        Set<String> names = new LinkedHashSet<>();
        if (rules == null || rules.isNull()) {
            return names;
        }
        for (JsonNode rule : rules.isArray() ? rules : List.of(rules)) {
            String name = rule.isValueNode() ? rule.asText().strip() : "";
            if (Rules.named(name) == null) {
                throw invalid(where + ": rules: '" + (rule.isValueNode() ? rule.asText() : rule) + "' is not a rule",
                        "list some of " + Rules.names() + ", or leave rules out for all");
            }
            names.add(name);
        }
        return names;
    }

    /** The key's text with {@code ${NAME}} read from the environment; an error when it is missing or blank. */
    private String required(String where, JsonNode node, String key, String hint) {
        String raw = text(node.get(key));
        if (raw == null || raw.isBlank()) {
            throw invalid(where + " has no " + key, hint);
        }
        String value = expand(raw, where + ": " + key);
        if (value.isBlank()) {
            throw invalid(where + ": " + key + " is empty", hint);
        }
        return value.strip();
    }

    private String expand(String raw, String where) {
        Matcher m = VARIABLE.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.apply(m.group(1));
            if (value == null || value.isBlank()) {
                throw invalid(where + " names ${" + m.group(1) + "}, which is not set",
                        "set " + m.group(1) + " in the environment of the runbook server and of ferry");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
    }

    /** The URL when it is an absolute http or https one with a host; null otherwise. */
    static URI httpUri(String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private FerryException invalid(String problem, String hint) {
        return new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, file + ": " + problem, hint);
    }
}
