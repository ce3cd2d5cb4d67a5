package io.ferry.alerts;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sinks, alerts and schedules for the tests. */
final class Fixtures {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final Instant STARTED = Instant.parse("2026-11-30T10:15:30Z");
    static final Instant ENDED = Instant.parse("2026-11-30T10:25:00Z");
    /** Attempts 200 ms apart and no resend wait worth the name: what the tests can wait for. */
    static final Timing FAST = new Timing(Duration.ofSeconds(10), Duration.ofMillis(300), 8);

    private Fixtures() {
    }

    /** {@code attempts} attempts, the first at once and the others 200 ms apart. */
    static List<Duration> quickRetries(int attempts) {
        List<Duration> delays = new ArrayList<>();
        delays.add(Duration.ZERO);
        for (int i = 1; i < attempts; i++) {
            delays.add(Duration.ofMillis(200));
        }
        return delays;
    }

    static AlertsSettings settings(List<Duration> retry, SinkSettings... sinks) {
        return new AlertsSettings("https://ferry.example.com", retry, List.of(sinks));
    }

    static SinkSettings webhook(String name, String url) {
        return new SinkSettings(name, SinkSettings.Type.WEBHOOK, URI.create(url), SECRET, null, null, null);
    }

    static SinkSettings sink(String name, SinkSettings.Type type, String url) {
        return new SinkSettings(name, type, URI.create(url), type == SinkSettings.Type.WEBHOOK ? SECRET : null,
                type == SinkSettings.Type.PAGERDUTY ? "R0UTINGKEY0123456789012345678901" : null, null, null);
    }

    /** A firing migration-failed alert of revision {@code revision}. */
    static Alert firing(String revision) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", "app");
        details.put("revision", revision);
        details.put("error", "permission-denied");
        return new Alert("migration-failed:" + revision, "migration-failed", Severity.CRITICAL,
                "Migration " + revision + " failed: permission denied for table proposals", details,
                "https://ferry.example.com/runbooks/database#permission-denied", STARTED, null);
    }
}
