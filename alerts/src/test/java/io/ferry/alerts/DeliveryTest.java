package io.ferry.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.ferry.migration.testing.Await;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Retries, dead letters, 410, Retry-After, order per key, restarts and duplicates, against a WireMock receiver. */
class DeliveryTest {

    @RegisterExtension
    static WireMockExtension receiver = Received.receiver();

    @TempDir
    Path spool;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Outcomes outcomes = new Outcomes();
    private final List<Dispatcher> opened = new ArrayList<>();

    @AfterEach
    void closeDispatchers() {
        opened.forEach(Dispatcher::close);
    }

    private SinkSettings hook() {
        return Fixtures.webhook("ops", receiver.baseUrl() + "/hook");
    }

    private Dispatcher open(SinkSettings sink, int attempts) {
        Dispatcher dispatcher = new Dispatcher(Fixtures.settings(Fixtures.quickRetries(attempts), sink), spool, http,
                Clock.systemUTC(), outcomes, Fixtures.FAST);
        opened.add(dispatcher);
        return dispatcher;
    }

    private static StubMapping answer(int status, int priority) {
        return receiver.stubFor(post(urlPathEqualTo("/hook")).atPriority(priority)
                .willReturn(aResponse().withStatus(status)));
    }

    private static void awaitAll(Dispatcher dispatcher, int count, Predicate<Delivery> condition, String what)
            throws Exception {
        Await.until(count + " deliveries " + what, () -> {
            List<Delivery> deliveries = dispatcher.deliveries(1000);
            return deliveries.size() == count && deliveries.stream().allMatch(condition);
        });
    }

    /** The dispatcher's one delivery, once it has that status. */
    private static Delivery onlyDelivery(Dispatcher dispatcher, String status) throws Exception {
        awaitAll(dispatcher, 1, d -> d.status().equals(status), status);
        return dispatcher.deliveries(1).get(0);
    }

    private static boolean delivered(Delivery d) {
        return d.status().equals("delivered");
    }

    @Test
    void eachAlertIsDeliveredOnceAfterTheReceiverRecoversWithOneIdOnEveryAttempt() throws Exception {
        StubMapping unavailable = answer(503, 1);
        answer(200, 10);
        Dispatcher dispatcher = open(hook(), 30);
        List<String> revisions = List.of("a1", "b2", "c3", "d4", "e5");
        revisions.forEach(r -> dispatcher.send(Fixtures.firing(r)));

        awaitAll(dispatcher, 5, d -> d.attempts() >= 2, "tried twice");
        receiver.removeStub(unavailable);
        awaitAll(dispatcher, 5, DeliveryTest::delivered, "delivered");

        Map<String, List<Received>> byKey = Received.all(receiver).stream()
                .collect(Collectors.groupingBy(Received::key));
        assertThat(byKey).hasSize(5);
        for (Delivery delivery : dispatcher.deliveries(10)) {
            List<Received> attempts = byKey.get(delivery.key());
            assertThat(attempts).extracting(r -> r.header("webhook-id")).containsOnly(delivery.id());
            assertThat(attempts).filteredOn(r -> r.status() == 200).hasSize(1);
            assertThat(attempts.get(attempts.size() - 1).status()).isEqualTo(200);
            assertThat(attempts.size()).isEqualTo(delivery.attempts()).isGreaterThanOrEqualTo(3);
            for (Received attempt : attempts) {
                attempt.verify(Fixtures.SECRET);
            }
            assertThat(attempts).extracting(Received::body).containsOnly(attempts.get(0).body());
            List<String> told = outcomes.ofEnded(delivery.id());
            assertThat(told.subList(0, told.size() - 1)).containsOnly("retrying");
            assertThat(told).endsWith("delivered").hasSize(delivery.attempts());
        }
        assertThat(pendingFiles()).isEmpty();
    }

    @Test
    void aClientErrorIsADeadLetterAtOnce() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\": \"bad payload\"}")));
        Dispatcher dispatcher = open(hook(), 30);
        dispatcher.send(Fixtures.firing("a1"));

        Delivery dead = onlyDelivery(dispatcher, "dead");
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.lastError()).isEqualTo("HTTP 400 Bad Request").doesNotContain("bad payload");
        assertThat(dead.nextAttemptAt()).isNull();
        assertThat(Received.all(receiver)).hasSize(1);
        assertThat(outcomes.ofEnded(dead.id())).containsExactly("dead");
        assertThat(spool.resolve("dead").resolve(dead.id() + ".json")).exists();
        assertThat(pendingFiles()).isEmpty();
    }

    @Test
    void anOutcomeTheDiskRefusesCountsAsAFailedAttempt() throws Exception {
        answer(200, 1);
        Dispatcher dispatcher = open(hook(), 3);
        Path delivered = spool.resolve("delivered");
        Files.delete(delivered);
        Files.writeString(delivered, "not a folder: no delivery can be recorded here");
        dispatcher.send(Fixtures.firing("a1"));

        Delivery dead = onlyDelivery(dispatcher, "dead");
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastError()).startsWith("cannot record the outcome: ").endsWith("(gave up after 3 attempts)");
        assertThat(outcomes.ofEnded(dead.id())).containsExactly("retrying", "retrying", "dead");
        assertThat(Received.all(receiver)).hasSize(3);
        assertThat(pendingFiles()).isEmpty();
    }

    @Test
    void retriesRunningOutMakeADeadLetter() throws Exception {
        answer(500, 1);
        Dispatcher dispatcher = open(hook(), 3);
        dispatcher.send(Fixtures.firing("a1"));

        Delivery dead = onlyDelivery(dispatcher, "dead");
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastError()).isEqualTo("HTTP 500 Internal Server Error (gave up after 3 attempts)");
        assertThat(outcomes.ofEnded(dead.id())).containsExactly("retrying", "retrying", "dead");
        assertThat(Received.all(receiver)).hasSize(3);
    }

    @Test
    void goneDisablesTheSinkUntilItsSettingsChange() throws Exception {
        answer(410, 1);
        Dispatcher dispatcher = open(hook(), 30);
        dispatcher.send(Fixtures.firing("a1"));
        awaitAll(dispatcher, 1, d -> d.status().equals("disabled"), "disabled");
        dispatcher.send(Fixtures.firing("b2"));

        assertThat(dispatcher.deliveries(10)).extracting(Delivery::status).containsOnly("disabled");
        assertThat(dispatcher.sinks()).singleElement().satisfies(s -> {
            assertThat(s.enabled()).isFalse();
            assertThat(s.disabledBecause()).startsWith("answered HTTP 410 Gone since ");
        });
        assertThat(Received.all(receiver)).hasSize(1);
        Await.until("both outcomes told", () -> outcomes.told.size() >= 2);
        assertThat(outcomes.told).extracting(Outcomes.Told::outcome).containsExactly("disabled", "disabled");
        dispatcher.close();

        Dispatcher sameSettings = open(hook(), 30);
        assertThat(sameSettings.sinks().get(0).enabled()).isFalse();
        assertThat(Dispatcher.sinkStates(Fixtures.settings(Fixtures.quickRetries(30), hook()), spool).get(0)
                .enabled()).isFalse();
        sameSettings.close();

        receiver.resetAll();
        answer(200, 1);
        SinkSettings moved = Fixtures.webhook("ops", receiver.baseUrl() + "/hook?v=2");
        Dispatcher changed = open(moved, 30);
        assertThat(changed.sinks().get(0).enabled()).isTrue();
        changed.send(Fixtures.firing("c3"));
        Await.until("c3 delivered", () -> changed.deliveries(10).stream()
                .anyMatch(d -> d.key().endsWith("c3") && delivered(d)));
    }

    @Test
    void retryAfterIsHonouredWhenLongerThanTheSchedule() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hook")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2"))
                .willSetStateTo("recovered"));
        receiver.stubFor(post(urlPathEqualTo("/hook")).inScenario("busy").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));
        Dispatcher dispatcher = open(hook(), 30);
        dispatcher.send(Fixtures.firing("a1"));

        Await.until("the first attempt failed", () -> dispatcher.deliveries(1).get(0).attempts() == 1);
        Delivery waiting = dispatcher.deliveries(1).get(0);
        assertThat(waiting.status()).isEqualTo("pending");
        assertThat(Duration.between(waiting.createdAt(), waiting.nextAttemptAt())).isGreaterThanOrEqualTo(
                Duration.ofSeconds(2));
        awaitAll(dispatcher, 1, DeliveryTest::delivered, "delivered");
        List<Received> attempts = Received.all(receiver);
        assertThat(attempts).extracting(Received::status).containsExactly(503, 200);
        // The second attempt is the one scheduled after Retry-After, not an earlier one from the schedule.
        Delivery done = dispatcher.deliveries(1).get(0);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.deliveredAt()).as("delivered by the attempt due at %s", waiting.nextAttemptAt())
                .isAfterOrEqualTo(waiting.nextAttemptAt());
    }

    @Test
    void aResolveNeverReachesTheSinkBeforeItsTrigger() throws Exception {
        StubMapping triggersFail = receiver.stubFor(post(urlPathEqualTo("/hook")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.type", equalTo("alert.firing")))
                .willReturn(aResponse().withStatus(503)));
        answer(200, 10);
        Dispatcher dispatcher = open(hook(), 30);
        List<String> revisions = List.of("a1", "b2", "c3", "d4");
        for (String revision : revisions) {
            dispatcher.send(Fixtures.firing(revision));
            dispatcher.send(Fixtures.firing(revision).resolvedAt(Fixtures.ENDED));
        }

        awaitAll(dispatcher, 8, d -> d.transition().equals("resolved") || d.attempts() >= 3, "triggers tried");
        assertThat(Received.all(receiver)).extracting(Received::type).containsOnly("alert.firing");
        assertThat(dispatcher.deliveries(8)).filteredOn(d -> d.transition().equals("resolved"))
                .extracting(Delivery::attempts).containsOnly(0);
        receiver.removeStub(triggersFail);
        awaitAll(dispatcher, 8, DeliveryTest::delivered, "delivered");

        List<Received> all = Received.all(receiver);
        for (String revision : revisions) {
            List<Received> ofKey = all.stream().filter(r -> r.key().equals("migration-failed:" + revision)).toList();
            Received last = ofKey.get(ofKey.size() - 1);
            assertThat(last.type()).isEqualTo("alert.resolved");
            assertThat(ofKey.subList(0, ofKey.size() - 1)).extracting(Received::type).containsOnly("alert.firing");
            assertThat(ofKey.get(ofKey.size() - 2).status()).isEqualTo(200);
        }
    }

    @Test
    void aNewDispatcherOnTheSameSpoolDeliversWhatWasPending() throws Exception {
        StubMapping unavailable = answer(503, 1);
        answer(200, 10);
        Dispatcher first = open(hook(), 30);
        List.of("a1", "b2", "c3").forEach(r -> first.send(Fixtures.firing(r)));
        awaitAll(first, 3, d -> d.attempts() >= 1, "tried");
        first.close();
        assertThat(pendingFiles()).hasSize(3);

        Dispatcher second = open(hook(), 30);
        // Still answered 503 here, so none of the second dispatcher's attempts can end a delivery before this look.
        assertThat(second.deliveries(10)).extracting(Delivery::status).containsOnly("pending");
        receiver.removeStub(unavailable);
        awaitAll(second, 3, DeliveryTest::delivered, "delivered");

        assertThat(Received.all(receiver)).filteredOn(r -> r.status() == 200).extracting(Received::key)
                .as("each delivered once, by the second dispatcher").containsExactlyInAnyOrder("migration-failed:a1",
                        "migration-failed:b2", "migration-failed:c3");
        assertThat(pendingFiles()).isEmpty();
    }

    @Test
    void sendingATransitionAgainChangesNothingAndIdsAreTheSameOnEveryReplica(@TempDir Path otherSpool)
            throws Exception {
        answer(200, 1);
        Dispatcher dispatcher = open(hook(), 30);
        dispatcher.send(Fixtures.firing("a1"));
        dispatcher.send(Fixtures.firing("a1"));
        awaitAll(dispatcher, 1, DeliveryTest::delivered, "delivered");
        dispatcher.send(Fixtures.firing("a1"));
        dispatcher.send(Fixtures.firing("a1").resolvedAt(Fixtures.ENDED));
        awaitAll(dispatcher, 2, DeliveryTest::delivered, "delivered");
        dispatcher.close();
        Dispatcher reopened = open(hook(), 30);
        reopened.send(Fixtures.firing("a1").resolvedAt(Fixtures.ENDED));
        assertThat(reopened.deliveries(10)).hasSize(2).extracting(Delivery::status).containsOnly("delivered");
        assertThat(Received.all(receiver)).extracting(Received::type).containsExactly("alert.firing",
                "alert.resolved");

        Dispatcher replica = new Dispatcher(Fixtures.settings(Fixtures.quickRetries(3), hook()), otherSpool, http,
                Clock.systemUTC(), DeliveryListener.NONE, Fixtures.FAST);
        opened.add(replica);
        replica.send(Fixtures.firing("a1"));
        awaitAll(replica, 1, DeliveryTest::delivered, "delivered by the replica");
        List<Received> all = Received.all(receiver);
        assertThat(all.get(2).header("webhook-id")).isEqualTo(all.get(0).header("webhook-id"))
                .isEqualTo(replica.deliveries(1).get(0).id()).startsWith("msg_");
    }

    private List<Path> pendingFiles() throws Exception {
        try (Stream<Path> files = Files.list(spool.resolve("pending"))) {
            return files.toList();
        }
    }
}
