package io.ferry.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ferry.migration.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A resolve reaches every sink that had its trigger; an alert that fires again after its resolve is sent again. */
class ResolveTest {

    @RegisterExtension
    static WireMockExtension receiver = Received.receiver();

    @TempDir
    Path spool;

    private Dispatcher open(SinkSettings... sinks) {
        return new Dispatcher(Fixtures.settings(Fixtures.quickRetries(3), sinks), spool, HttpClient.newHttpClient(),
                Clock.systemUTC(), DeliveryListener.NONE, Fixtures.FAST);
    }

    private static SinkSettings sink(String name, SinkSettings.Type type, String path, Severity minSeverity) {
        return new SinkSettings(name, type, URI.create(receiver.baseUrl() + path),
                type == SinkSettings.Type.WEBHOOK ? Fixtures.SECRET : null, null, minSeverity, null);
    }

    private static Alert warning(String job) {
        return new Alert("backfill-stalled:" + job, "backfill-stalled", Severity.WARNING,
                "Backfill " + job + " committed no batch for 10 minutes", Map.of("job", job), null,
                Fixtures.STARTED, null);
    }

    private static List<Received> posts(String path) {
        return Received.all(receiver).stream().filter(r -> r.path().equals(path)).toList();
    }

    private static boolean allDelivered(Dispatcher dispatcher, int count) {
        List<Delivery> deliveries = dispatcher.deliveries(100);
        return deliveries.size() == count && deliveries.stream().allMatch(d -> d.status().equals("delivered"));
    }

    @Test
    void aResolveReachesTheSinksThatHadTheTriggerAfterTheirFilterChangedAndARestart() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlPathEqualTo("/api/v2/alerts")).willReturn(aResponse().withStatus(200)));
        try (Dispatcher before = open(sink("ops", SinkSettings.Type.WEBHOOK, "/hook", Severity.INFO),
                sink("am", SinkSettings.Type.ALERTMANAGER, "", Severity.INFO))) {
            before.send(warning("j1"));
            Await.until("the trigger delivered to both", () -> allDelivered(before, 2));
        }

        try (Dispatcher after = open(sink("ops", SinkSettings.Type.WEBHOOK, "/hook", Severity.CRITICAL),
                sink("am", SinkSettings.Type.ALERTMANAGER, "", Severity.CRITICAL))) {
            after.send(warning("j2"));                                  // filtered out: the sinks take critical now
            after.send(warning("j1").resolvedAt(Fixtures.ENDED));
            Await.until("the resolve delivered to both", () -> allDelivered(after, 4));

            assertThat(posts("/hook")).extracting(Received::type).containsExactly("alert.firing", "alert.resolved");
            List<Received> toAm = posts("/api/v2/alerts");
            assertThat(toAm.get(toAm.size() - 1).json().get(0).path("endsAt").asText())
                    .isEqualTo("2026-11-30T10:25:00Z");
            assertThat(toAm).allSatisfy(r -> assertThat(r.body()).doesNotContain("j2"));
            try (Stream<Path> resends = Files.list(spool.resolve("resend"))) {
                assertThat(resends).isEmpty();
            }
            after.send(warning("j1").resolvedAt(Fixtures.ENDED));      // the same resolve again: a no-op
            assertThat(after.deliveries(10)).hasSize(4);
        }
    }

    @Test
    void aSinkGoneFromTheSettingsLosesItsResends() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/api/v2/alerts")).willReturn(aResponse().withStatus(200)));
        try (Dispatcher before = open(sink("am", SinkSettings.Type.ALERTMANAGER, "", Severity.INFO))) {
            before.send(warning("j1"));
            Await.until("the trigger delivered", () -> allDelivered(before, 1));
        }
        try (Dispatcher after = open(sink("ops", SinkSettings.Type.WEBHOOK, "/hook", Severity.INFO))) {
            try (Stream<Path> resends = Files.list(spool.resolve("resend"))) {
                assertThat(resends).isEmpty();
            }
        }
    }

    @Test
    void anAlertThatFiresAgainWithTheSameStartAfterItsResolveIsSentAgain() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        SinkSettings ops = sink("ops", SinkSettings.Type.WEBHOOK, "/hook", Severity.INFO);
        try (Dispatcher dispatcher = open(ops)) {
            dispatcher.send(Fixtures.firing("a1"));
            dispatcher.send(Fixtures.firing("a1").resolvedAt(Fixtures.ENDED));
            dispatcher.send(Fixtures.firing("a1"));
            dispatcher.send(Fixtures.firing("a1"));                      // nothing changed: a no-op
            Await.until("three deliveries", () -> allDelivered(dispatcher, 3));
        }
        try (Dispatcher reopened = open(ops)) {
            reopened.send(Fixtures.firing("a1"));                        // still nothing changed
            assertThat(reopened.deliveries(10)).hasSize(3);
            reopened.send(Fixtures.firing("a1").resolvedAt(Fixtures.ENDED));
            Await.until("the second resolve", () -> allDelivered(reopened, 4));
        }
        List<Received> all = posts("/hook");
        assertThat(all).extracting(Received::type).containsExactly("alert.firing", "alert.resolved",
                "alert.firing", "alert.resolved");
        assertThat(all).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates();
        for (Received post : all) {
            post.verify(Fixtures.SECRET);
        }
    }
}
