package io.ferry.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ferry.migration.testing.Await;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alertmanager forgets alerts that are not sent again: firing ones are resent (here every 300 ms, in production
 * every minute) until they resolve, and a new dispatcher on the same spool goes on resending them.
 */
class AlertmanagerResendTest {

    @RegisterExtension
    static WireMockExtension receiver = Received.receiver();

    @TempDir
    Path spool;

    private Dispatcher open() {
        receiver.stubFor(post(urlPathEqualTo("/api/v2/alerts")).willReturn(aResponse().withStatus(200)));
        SinkSettings am = Fixtures.sink("am", SinkSettings.Type.ALERTMANAGER, receiver.baseUrl());
        return new Dispatcher(Fixtures.settings(Fixtures.quickRetries(3), am), spool, HttpClient.newHttpClient(),
                Clock.systemUTC(), DeliveryListener.NONE, Fixtures.FAST);
    }

    /** The posts that carried the alert of that subject, oldest first. */
    private static List<Received> postsOf(String subject) {
        return Received.all(receiver).stream().filter(r -> subjects(r).contains(subject)).toList();
    }

    /** The subjects of the alerts in one post (Alertmanager takes a list). */
    private static Set<String> subjects(Received post) {
        Set<String> subjects = new HashSet<>();
        post.json().forEach(alert -> subjects.add(alert.path("labels").path("subject").asText()));
        return subjects;
    }

    @Test
    void firingAlertsAreResentUntilTheyResolve() throws Exception {
        try (Dispatcher dispatcher = open()) {
            dispatcher.send(Fixtures.firing("a1"));
            Await.until("a1 sent three times", () -> postsOf("a1").size() >= 3);
            assertThat(postsOf("a1")).extracting(Received::body).containsOnly(postsOf("a1").get(0).body());
            assertThat(postsOf("a1").get(0).json().get(0).has("endsAt")).isFalse();

            dispatcher.send(Fixtures.firing("a1").resolvedAt(Fixtures.ENDED));
            Await.until("a1 resolved", () -> dispatcher.deliveries(5).stream()
                    .anyMatch(d -> d.transition().equals("resolved") && d.status().equals("delivered")));
            int afterResolve = postsOf("a1").size();
            assertThat(postsOf("a1").get(afterResolve - 1).json().get(0).path("endsAt").asText())
                    .isEqualTo("2026-11-30T10:25:00Z");

            // Resends keep going for another alert, and none is for a1 any more.
            dispatcher.send(Fixtures.firing("b2"));
            Await.until("b2 sent three times", () -> postsOf("b2").size() >= 3);
            assertThat(postsOf("a1")).hasSize(afterResolve);
            assertThat(resendFiles()).hasSize(1);
        }
    }

    @Test
    void aResendListReadBeforeAResolveDoesNotFireTheAlertAgainAfterIt() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/api/v2/alerts")).willReturn(aResponse().withStatus(200)));
        SinkSettings am = Fixtures.sink("am", SinkSettings.Type.ALERTMANAGER, receiver.baseUrl());
        Timing byHand = new Timing(Duration.ofSeconds(10), Duration.ofHours(1), 8);
        try (Dispatcher dispatcher = new Dispatcher(Fixtures.settings(Fixtures.quickRetries(3), am), spool,
                HttpClient.newHttpClient(), Clock.systemUTC(), DeliveryListener.NONE, byHand)) {
            dispatcher.send(Fixtures.firing("a1"));
            dispatcher.send(Fixtures.firing("b2"));
            Await.until("a1 and b2 delivered", () -> dispatcher.deliveries(5).stream()
                    .filter(d -> d.status().equals("delivered")).count() == 2);
            // The resend timer reads the list, and the resolve of a1 is delivered before the lane gets it.
            List<SpoolEntry> readBefore = dispatcher.resends();
            assertThat(readBefore).extracting(SpoolEntry::key).hasSize(2);
            dispatcher.send(Fixtures.firing("a1").resolvedAt(Fixtures.ENDED));
            Await.until("a1 resolved", () -> dispatcher.deliveries(5).stream()
                    .anyMatch(d -> d.transition().equals("resolved") && d.status().equals("delivered")));
            int a1Posts = postsOf("a1").size();
            int b2Posts = postsOf("b2").size();

            // Again until b2 goes: its delivery may still hold its key for a moment after the spool says delivered.
            Await.until("b2 resent", () -> {
                dispatcher.resend(readBefore);
                return postsOf("b2").size() > b2Posts;
            });
            assertThat(subjects(postsOf("b2").get(b2Posts))).as("the resend post").containsExactly("b2");
            assertThat(postsOf("a1")).as("a1's posts: its firing and its resolve, the last").hasSize(a1Posts);
        }
    }

    @Test
    void aNewDispatcherGoesOnResending() throws Exception {
        try (Dispatcher first = open()) {
            first.send(Fixtures.firing("a1"));
            Await.until("a1 delivered", () -> first.deliveries(1).get(0).status().equals("delivered"));
        }
        int before = postsOf("a1").size();
        try (Dispatcher second = open()) {
            Await.until("a1 resent by the new dispatcher", () -> postsOf("a1").size() >= before + 2);
            assertThat(second.deliveries(5)).hasSize(1);
        }
    }

    @Test
    void everyFiringAlertIsResentEachPeriodHoweverManyFire() throws Exception {
        // A receiver slow enough that the posts of one period overlap: no alert may wait for a free slot.
        receiver.stubFor(post(urlPathEqualTo("/api/v2/alerts"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(100)));
        SinkSettings am = Fixtures.sink("am", SinkSettings.Type.ALERTMANAGER, receiver.baseUrl());
        Timing timing = new Timing(Duration.ofSeconds(10), Duration.ofMillis(500), 8);
        List<String> revisions = IntStream.rangeClosed(1, 12).mapToObj(i -> "r" + i).toList();
        try (Dispatcher dispatcher = new Dispatcher(Fixtures.settings(Fixtures.quickRetries(3), am), spool,
                HttpClient.newHttpClient(), Clock.systemUTC(), DeliveryListener.NONE, timing)) {
            revisions.forEach(r -> dispatcher.send(Fixtures.firing(r)));
            Await.until("12 delivered", () -> dispatcher.deliveries(20).stream()
                    .filter(d -> d.status().equals("delivered")).count() == 12);
            int delivered = Received.all(receiver).size();

            // Counted in resend posts, not in time: once the 12 are delivered, every resend post carries all
            // of them. The first post after the deliveries may have been put together while the last one was on
            // the wire, so the three that follow it are the ones checked.
            Await.until("four resend posts", () -> Received.all(receiver).size() >= delivered + 4);
            List<Received> all = Received.all(receiver);
            List<Received> resends = all.subList(delivered + 1, delivered + 4);
            for (Received post : resends) {
                assertThat(subjects(post)).as("the alerts of one resend post").containsExactlyInAnyOrderElementsOf(
                        revisions);
            }
        }
    }

    private List<Path> resendFiles() throws Exception {
        try (Stream<Path> files = Files.list(spool.resolve("resend"))) {
            return files.toList();
        }
    }
}
