package io.ferry.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.ferry.migration.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What each kind of sink receives for a trigger and its resolve: the exact documents. */
class PayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUMMARY = "Migration a1 failed: permission denied for table proposals";
    private static final String RUNBOOK = "https://ferry.example.com/runbooks/database#permission-denied";

    @RegisterExtension
    static WireMockExtension receiver = Received.receiver();

    @TempDir
    Path spool;

    private List<Received> sentTo(SinkSettings.Type type, String path, int status) throws Exception {
        receiver.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)));
        String url = receiver.baseUrl() + (type == SinkSettings.Type.ALERTMANAGER ? "/am/" : path);
        SinkSettings sink = Fixtures.sink("s", type, url);
        try (Dispatcher dispatcher = new Dispatcher(Fixtures.settings(Fixtures.quickRetries(3), sink), spool,
                HttpClient.newHttpClient(), Clock.systemUTC(), DeliveryListener.NONE, Fixtures.FAST)) {
            dispatcher.send(Fixtures.firing("a1"));
            dispatcher.send(Fixtures.firing("a1").resolvedAt(Fixtures.ENDED));
            Await.until("trigger and resolve delivered", () -> dispatcher.deliveries(2).stream()
                    .allMatch(d -> d.status().equals("delivered")) && dispatcher.deliveries(2).size() == 2);
        }
        List<Received> all = Received.all(receiver);
        assertThat(all).hasSize(2).extracting(Received::path).containsOnly(path);
        assertThat(all).allSatisfy(r -> assertThat(r.header("content-type")).isEqualTo("application/json"));
        return all;
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void standardWebhooksSignedAsTheReferenceLibraryVerifies() throws Exception {
        List<Received> sent = sentTo(SinkSettings.Type.WEBHOOK, "/hook", 204);

        assertThat(sent.get(0).json()).isEqualTo(json("""
                {"type": "alert.firing", "timestamp": "2026-11-30T10:15:30Z",
                 "data": {"key": "migration-failed:a1", "rule": "migration-failed", "severity": "critical",
                          "summary": "%s",
                          "details": {"database": "app", "revision": "a1", "error": "permission-denied"},
                          "runbook": "%s", "startsAt": "2026-11-30T10:15:30Z", "endsAt": null}}
                """.formatted(SUMMARY, RUNBOOK)));
        assertThat(sent.get(1).json().path("type").asText()).isEqualTo("alert.resolved");
        assertThat(sent.get(1).json().path("timestamp").asText()).isEqualTo("2026-11-30T10:25:00Z");
        assertThat(sent.get(1).json().path("data").path("endsAt").asText()).isEqualTo("2026-11-30T10:25:00Z");
        for (Received r : sent) {
            r.verify(Fixtures.SECRET);
            assertThat(r.header("webhook-id")).matches("msg_[0-9a-f]{32}");
            assertThat(Long.parseLong(r.header("webhook-timestamp")))
                    .isCloseTo(System.currentTimeMillis() / 1000, offset(60L));
            assertThat(r.header("webhook-signature")).startsWith("v1,");
        }
        assertThat(sent.get(0).header("webhook-id")).isNotEqualTo(sent.get(1).header("webhook-id"));
        Received tampered = new Received(sent.get(0).path(), sent.get(0).body().replace("a1", "a2"),
                sent.get(0).headers(), 200, 0);
        assertThatThrownBy(() -> tampered.verify(Fixtures.SECRET))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void pagerDutyEventsV2TriggerThenResolveOnTheSameDedupKey() throws Exception {
        List<Received> sent = sentTo(SinkSettings.Type.PAGERDUTY, "/v2/enqueue", 202);

        assertThat(sent.get(0).json()).isEqualTo(json("""
                {"routing_key": "R0UTINGKEY0123456789012345678901", "event_action": "trigger",
                 "dedup_key": "migration-failed:a1",
                 "payload": {"summary": "%s", "source": "app", "severity": "critical",
                             "timestamp": "2026-11-30T10:15:30Z", "component": "migration-failed",
                             "custom_details": {"key": "migration-failed:a1", "database": "app", "revision": "a1",
                                                "error": "permission-denied"}},
                 "links": [{"href": "%s", "text": "Runbook: migration-failed"}],
                 "client": "Ferry", "client_url": "https://ferry.example.com/admin/migrations"}
                """.formatted(SUMMARY, RUNBOOK)));
        assertThat(sent.get(1).json()).isEqualTo(json("""
                {"routing_key": "R0UTINGKEY0123456789012345678901", "event_action": "resolve",
                 "dedup_key": "migration-failed:a1"}
                """));
    }

    @Test
    void alertmanagerAlertsAsPrometheusPostsThem() throws Exception {
        List<Received> sent = sentTo(SinkSettings.Type.ALERTMANAGER, "/am/api/v2/alerts", 200);

        String firing = """
                [{"labels": {"alertname": "migration-failed", "severity": "critical", "database": "app",
                             "subject": "a1"},
                  "annotations": {"summary": "%s",
                                  "description": "database: app\\nrevision: a1\\nerror: permission-denied",
                                  "runbook_url": "%s"},
                  "startsAt": "2026-11-30T10:15:30Z",
                  "generatorURL": "https://ferry.example.com/admin/migrations"%s}]
                """;
        assertThat(sent.get(0).json()).isEqualTo(json(firing.formatted(SUMMARY, RUNBOOK, "")));
        assertThat(sent.get(1).json()).isEqualTo(json(firing.formatted(SUMMARY, RUNBOOK,
                ", \"endsAt\": \"2026-11-30T10:25:00Z\"")));
    }

    @Test
    void slackOneLineWithSeveritySummaryAndRunbook() throws Exception {
        List<Received> sent = sentTo(SinkSettings.Type.SLACK, "/services/T0/B0/x", 200);

        assertThat(sent.get(0).json()).isEqualTo(json("""
                {"text": "*[CRITICAL]* %s (`migration-failed:a1`) <%s|runbook>"}
                """.formatted(SUMMARY, RUNBOOK)));
        assertThat(sent.get(1).json().path("text").asText()).startsWith("*[RESOLVED]* " + SUMMARY);
    }

    @Test
    void sinksReceiveOnlyTheSeveritiesAndRulesTheyAskFor() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        SinkSettings pagesOnly = new SinkSettings("pages", SinkSettings.Type.WEBHOOK,
                URI.create(receiver.baseUrl() + "/hook"), Fixtures.SECRET, null, Severity.CRITICAL, null);
        SinkSettings backfills = new SinkSettings("backfills", SinkSettings.Type.WEBHOOK,
                URI.create(receiver.baseUrl() + "/hook"), Fixtures.SECRET, null, null,
                Set.of("backfill-failed"));
        Alert warning = new Alert("schema-out-of-sync:app", "schema-out-of-sync", Severity.WARNING, "behind", null,
                null, Fixtures.STARTED, null);
        try (Dispatcher dispatcher = new Dispatcher(Fixtures.settings(Fixtures.quickRetries(3), pagesOnly, backfills),
                spool, HttpClient.newHttpClient(), Clock.systemUTC(), DeliveryListener.NONE, Fixtures.FAST)) {
            dispatcher.send(warning);
            dispatcher.send(Fixtures.firing("a1"));
            Await.until("delivered", () -> dispatcher.deliveries(5).size() == 1
                    && dispatcher.deliveries(5).get(0).status().equals("delivered"));
            assertThat(dispatcher.deliveries(5).get(0)).extracting(Delivery::sink, Delivery::key)
                    .containsExactly("pages", "migration-failed:a1");
        }
    }
}
