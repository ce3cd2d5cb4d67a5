package io.ferry.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code Dispatcher.test}: a test alert to each sink, at once, reported per sink. */
class TestAlertsTest {

    @RegisterExtension
    static WireMockExtension receiver = Received.receiver();

    private final HttpClient http = HttpClient.newHttpClient();

    private AlertsSettings everyKind() {
        for (String path : List.of("/hook", "/v2/enqueue", "/am/api/v2/alerts", "/slack")) {
            receiver.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(path.startsWith("/v2")
                    ? 202 : 200)));
        }
        return Fixtures.settings(Fixtures.quickRetries(3),
                Fixtures.sink("ops", SinkSettings.Type.WEBHOOK, receiver.baseUrl() + "/hook"),
                Fixtures.sink("pager", SinkSettings.Type.PAGERDUTY, receiver.baseUrl() + "/v2/enqueue"),
                Fixtures.sink("am", SinkSettings.Type.ALERTMANAGER, receiver.baseUrl() + "/am"),
                Fixtures.sink("chat", SinkSettings.Type.SLACK, receiver.baseUrl() + "/slack"));
    }

    private JsonNode sentTo(String path, int index) {
        return Received.all(receiver).stream().filter(r -> r.path().equals(path)).toList().get(index).json();
    }

    @Test
    void everySinkGetsItsTestAlert() throws Exception {
        List<Dispatcher.TestOutcome> outcomes = Dispatcher.test(everyKind(), null, http, Clock.systemUTC());

        assertThat(outcomes).containsExactly(new Dispatcher.TestOutcome("ops", true, 200, null),
                new Dispatcher.TestOutcome("pager", true, 202, null),
                new Dispatcher.TestOutcome("am", true, 200, null),
                new Dispatcher.TestOutcome("chat", true, 200, null));
        Received webhook = Received.all(receiver).get(0);
        webhook.verify(Fixtures.SECRET);
        assertThat(webhook.type()).isEqualTo("alert.test");
        assertThat(webhook.key()).startsWith("ferry-test:");

        JsonNode trigger = sentTo("/v2/enqueue", 0);
        JsonNode resolve = sentTo("/v2/enqueue", 1);
        assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
        assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
        assertThat(trigger.path("dedup_key").asText()).startsWith("ferry-test:")
                .isEqualTo(resolve.path("dedup_key").asText());

        JsonNode alert = sentTo("/am/api/v2/alerts", 0).get(0);
        assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("ferry-test");
        assertThat(Instant.parse(alert.path("endsAt").asText()))
                .isEqualTo(Instant.parse(alert.path("startsAt").asText()).plusSeconds(60));

        assertThat(sentTo("/slack", 0).path("text").asText()).startsWith("*[TEST]* This is a test alert from Ferry");
    }

    @Test
    void oneSinkByName() {
        assertThat(Dispatcher.test(everyKind(), "chat", http, Clock.systemUTC()))
                .containsExactly(new Dispatcher.TestOutcome("chat", true, 200, null));
        assertThat(Received.all(receiver)).hasSize(1);
    }

    @Test
    void failuresSayWhatTheSinkAnsweredOrWhyNothingCame() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(500).withBody("down")));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AlertsSettings settings = Fixtures.settings(Fixtures.quickRetries(3),
                Fixtures.webhook("ops", receiver.baseUrl() + "/hook"),
                Fixtures.sink("am", SinkSettings.Type.ALERTMANAGER, "http://127.0.0.1:" + closedPort));

        assertThat(Dispatcher.test(settings, null, http, Clock.systemUTC())).containsExactly(
                new Dispatcher.TestOutcome("ops", false, 500, "HTTP 500 Internal Server Error"),
                new Dispatcher.TestOutcome("am", false, 0, "connection refused"));
    }

    @Test
    void anUnknownSinkIsNamedWithTheSinksThereAre() {
        assertThatThrownBy(() -> Dispatcher.test(everyKind(), "pagr", http, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no alert sink is named 'pagr'; the sinks are ops, pager, am, chat");
    }
}
