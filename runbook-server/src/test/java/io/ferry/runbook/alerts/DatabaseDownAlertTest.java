package io.ferry.runbook.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ferry.migration.testing.Await;
import io.ferry.runbook.testing.Profiles;
import io.ferry.runbook.testing.Server;
import io.ferry.runbook.testing.ServerConnections;
import io.ferry.runbook.testing.ServerDatabase;
import io.ferry.runbook.testing.Receiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue #15's "the database stopped: {@code database-unreachable} delivered within three probe intervals; started
 * again: resolved", end to end: the server's dedicated PostgreSQL is stopped and started again, and a real webhook
 * receiver on 127.0.0.1, declared in ferry.yaml as the sink {@value Profiles#WEBHOOK_SINK}, gets each transition
 * once, signed with the secret of this run.
 */
@QuarkusTest
@TestProfile(Profiles.DatabaseDown.class)
class DatabaseDownAlertTest {

    /** {@code ferry.alerts.probe-interval} and {@code ferry.alerts.probe-failures} of the profile. */
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final int PROBE_FAILURES = 3;
    /**
     * Beyond the three probe intervals, the time it takes:
     * <ul>
     * <li>to stop PostgreSQL: the measure starts as {@code pg_ctl stop -m fast} is launched, and refusing new
     * connections is among its first steps (about 0.1 to 0.3 s here; its sessions end, fsync is off);</li>
     * <li>for the third probe to fail (a refused connection on the loopback: milliseconds);</li>
     * <li>to hand the alert over: the book's file and the spool's file written and forced to disk, then one POST on
     * the loopback (tens of milliseconds), on a machine of two cores that another build may be busy on.</li>
     * </ul>
     * One second covers these with room for a pause of the JVM; a probe missed or late, which is what this test
     * guards against, costs a whole interval more than the three.
     */
    private static final Duration SLACK = Duration.ofSeconds(1);
    private static final String RULE = "database-unreachable";

    @Inject
    ServerConnections database;

    @Test
    void theDatabaseStoppedIsDeliveredWithinThreeProbeIntervalsAndStartedAgainResolved() throws Exception {
        Receiver receiver = Receiver.shared();
        Server.awaitHealth("ok");
        String key = RULE + ":" + database.name();
        assertThat(receiver.requests(r -> r.rule().equals(RULE))).as("nothing fired before the stop").isEmpty();

        long stopping = System.nanoTime();
        Receiver.Request firing;
        long stopTook;
        try {
            ServerDatabase.stopDedicated();
            stopTook = System.nanoTime() - stopping;
            firing = awaitTransition(receiver, "alert.firing", key);
        } finally {
            ServerDatabase.startDedicated();
        }
        long started = System.nanoTime();
        Duration detected = Duration.ofNanos(firing.nanos() - stopping);
        Duration within = PROBE_INTERVAL.multipliedBy(PROBE_FAILURES).plus(SLACK);
        System.out.printf("database-unreachable: the stop took %d ms; delivered %d ms after the stop began (bound %d ms)%n",
                Duration.ofNanos(stopTook).toMillis(), detected.toMillis(), within.toMillis());
        assertThat(detected).as("from the stop to the receiver getting alert.firing").isLessThanOrEqualTo(within);
        assertThat(firing.json().path("data").path("severity").asText()).isEqualTo("critical");
        assertThat(firing.json().path("data").path("details").path("failedProbes").asInt()).isEqualTo(PROBE_FAILURES);
        assertThat(firing.json().path("data").path("runbook").asText()).startsWith(Profiles.PUBLIC_URL + "/runbooks/");

        Receiver.Request resolved = awaitTransition(receiver, "alert.resolved", key);
        System.out.printf("database-unreachable: resolved %d ms after the database was started again%n",
                Duration.ofNanos(resolved.nanos() - started).toMillis());
        assertThat(resolved.json().path("data").path("endsAt").asText()).isNotBlank();

        // Once /api/alerts has both delivered, the dispatcher tries neither again: count what came.
        Await.until("/api/alerts lists both transitions of " + key + " as delivered", () ->
                statuses(key).equals(Map.of("firing", "delivered", "resolved", "delivered")));
        List<Receiver.Request> alerts = receiver.requests(r -> !r.key().isEmpty());
        assertThat(alerts).extracting(Receiver.Request::type, Receiver.Request::key)
                .as("each transition exactly once, and nothing else").containsExactly(
                        tuple("alert.firing", key),
                        tuple("alert.resolved", key));
        for (Receiver.Request r : alerts) {
            assertThat(r.path()).isEqualTo(Receiver.HOOK_PATH);
            r.verify(receiver.secret());
        }
        JsonPath api = given().get("/api/alerts").then().statusCode(200).extract().jsonPath();
        assertThat(api.getList("deliveries.findAll { it.key == '" + key + "' }.id", String.class))
                .as("the deliveries' ids are the webhook-id headers")
                .containsExactlyInAnyOrder(firing.header("webhook-id"), resolved.header("webhook-id"));
        assertThat(api.getList("active")).isEmpty();
        assertThat(api.getString("resolved[0].key")).isEqualTo(key);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher delivered = Pattern.compile("(?m)^ferry_alert_deliveries_total\\{[^}]*outcome=\"delivered\"[^}]*sink=\""
                + Profiles.WEBHOOK_SINK + "\"[^}]*\\} ([0-9.E]+)$").matcher(metrics);
        assertThat(delivered.find()).as("ferry_alert_deliveries_total of the sink in:%n%s", metrics).isTrue();
        assertThat(Double.parseDouble(delivered.group(1))).isGreaterThanOrEqualTo(2.0);
        assertThat(metrics).contains("ferry_alerts_firing{rule=\"" + RULE + "\",severity=\"critical\"} 0.0");
    }

    /** The first request of {@code type} for {@code key}, once it came. */
    private static Receiver.Request awaitTransition(Receiver receiver, String type, String key)
            throws Exception {
        Await.until("the receiver gets " + type + " of " + key, () -> !receiver.requests(r -> r.type().equals(type)
                && r.key().equals(key)).isEmpty());
        return receiver.requests(r -> r.type().equals(type) && r.key().equals(key)).get(0);
    }

    /** The status of each transition of {@code key} that {@code GET /api/alerts} lists, by transition. */
    private static Map<String, String> statuses(String key) {
        JsonPath api = given().get("/api/alerts").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> deliveries = api.getList("deliveries");
        return deliveries.stream().filter(d -> key.equals(d.get("key")) && Profiles.WEBHOOK_SINK.equals(d.get("sink")))
                .collect(Collectors.toMap(d -> (String) d.get("transition"),
                        d -> (String) d.get("status"), (a, b) -> a + "," + b));
    }
}
