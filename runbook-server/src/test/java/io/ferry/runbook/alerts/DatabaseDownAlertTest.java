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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue #15's "the database stopped: {@code database-unreachable} delivered after its failed probes; started
 * again: resolved", end to end: the server's dedicated PostgreSQL is stopped and started again, and a real webhook
 * receiver on 127.0.0.1, declared in ferry.yaml as the sink {@value Profiles#WEBHOOK_SINK}, gets each transition
 * once, signed with the secret of this run.
 */
@QuarkusTest
@TestProfile(Profiles.DatabaseDown.class)
class DatabaseDownAlertTest {

    /** {@code ferry.alerts.probe-failures} of the profile: the probes that fail in a row before the alert. */
    private static final int PROBE_FAILURES = 3;
    private static final String RULE = "database-unreachable";

    @Inject
    ServerConnections database;

    @Test
    void theDatabaseStoppedIsDeliveredAfterItsFailedProbesAndStartedAgainResolved() throws Exception {
        Receiver receiver = Receiver.shared();
        // The receiver is the JVM's: a server of another profile may have posted to it before this test began.
        long began = System.nanoTime();
        Server.awaitHealth("ok");
        String key = RULE + ":" + database.name();
        assertThat(receiver.requests(r -> r.key().equals(key) || r.nanos() >= began && r.rule().equals(RULE)))
                .as("nothing fired before the stop").isEmpty();

        long stopping = System.nanoTime();
        Receiver.Request firing;
        long starting;
        try {
            ServerDatabase.stopDedicated();
            firing = awaitTransition(receiver, "alert.firing", key);
        } finally {
            starting = System.nanoTime();
            ServerDatabase.startDedicated();
        }
        assertThat(firing.nanos()).as("fired while the database was down").isBetween(stopping, starting);
        assertThat(firing.json().path("data").path("details").path("failedProbes").asInt())
                .as("fired at the probe that made the failures in a row reach the threshold").isEqualTo(PROBE_FAILURES);
        assertThat(firing.json().path("data").path("severity").asText()).isEqualTo("critical");
        assertThat(firing.json().path("data").path("runbook").asText()).startsWith(Profiles.PUBLIC_URL + "/runbooks/");

        Receiver.Request resolved = awaitTransition(receiver, "alert.resolved", key);
        assertThat(resolved.nanos()).as("resolved once the database was started again").isGreaterThan(starting);
        assertThat(resolved.json().path("data").path("endsAt").asText()).isNotBlank();

        // Once /api/alerts has both delivered, the dispatcher tries neither again: count what came.
        Await.until("/api/alerts lists both transitions of " + key + " as delivered", () ->
                statuses(key).equals(Map.of("firing", "delivered", "resolved", "delivered")));
        List<Receiver.Request> alerts = receiver.requests(r -> r.nanos() >= began && !r.key().isEmpty());
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
