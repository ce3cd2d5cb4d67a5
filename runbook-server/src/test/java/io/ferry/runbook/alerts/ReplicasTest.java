package io.ferry.runbook.alerts;

import static io.ferry.runbook.alerts.Snapshots.T0;
import static io.ferry.runbook.alerts.Snapshots.backfill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.alerts.AlertsSettings;
import io.ferry.alerts.DeliveryListener;
import io.ferry.alerts.Dispatcher;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.ChangedFile;
import io.ferry.runbook.snapshot.Snapshot.Drift;
import io.ferry.runbook.snapshot.Snapshot.Lock;
import io.ferry.runbook.snapshot.Snapshot.Partial;
import io.ferry.runbook.testing.Receiver;
import io.ferry.runbook.testing.Receiver.Request;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Await;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas, each with its own book and spool, that see the same conditions at different times (as a leader
 * and the replica that takes over after it do): every alert they send has the same delivery id from both, the
 * {@code webhook-id} a receiver deduplicates on, the ones whose start no record gives included.
 */
class ReplicasTest {

    private static final String HOOK = "/hooks/ops";
    private static final Set<String> KEYS = Set.of("migration-failed:r2", "migration-stuck:orders",
            "migration-stuck:r2", "schema-out-of-sync:orders", "backfill-failed:hashes", "backfill-stalled:totals");

    @TempDir
    Path dir;
    private Receiver receiver;
    private Replica first;
    private Replica second;

    /** One replica: its evaluator, its book file and its dispatcher's spool, in a folder of its own. */
    private record Replica(Evaluator evaluator, Dispatcher dispatcher) implements AutoCloseable {

        static Replica in(Path folder, AlertsSettings settings) {
            Dispatcher dispatcher = new Dispatcher(settings, folder.resolve("spool"), HttpClient.newHttpClient(),
                    Clock.systemUTC(), DeliveryListener.NONE);
            Evaluator evaluator = new Evaluator(Evaluator.snapshotRules(), new UnreachableRule(3,
                    Duration.ofSeconds(10)), RulesTest.CONTEXT, new AlertBook(new BookFile(folder.resolve("state.json"))),
                    new DispatcherSink(dispatcher), Leadership.ALWAYS);
            return new Replica(evaluator, dispatcher);
        }

        @Override
        public void close() {
            dispatcher.close();
        }
    }

    @BeforeEach
    void replicas() throws Exception {
        receiver = Receiver.start();
        ObjectNode alerts = new ObjectMapper().createObjectNode();
        alerts.putObject("sinks").putObject("ops").put("type", "webhook").put("url", receiver.url(HOOK))
                .put("secret", receiver.secret());
        AlertsSettings settings = AlertsSettings.parse(alerts, dir.resolve("ferry.yaml"), name -> null);
        first = Replica.in(dir.resolve("first"), settings);
        second = Replica.in(dir.resolve("second"), settings);
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        receiver.close();
    }

    /**
     * Every condition at once, as a replica sees it {@code seconds} after T0 when its snapshots first saw the
     * migration lock held at {@code lockSeenAt}.
     */
    private static Snapshot everythingWrong(long seconds, Instant lockSeenAt) {
        return Snapshots.at(T0.plusSeconds(seconds))
                .failure(RulesTest.FAILURE)
                .lock(new Lock(4242, "deploy", "ferry", T0.minus(Duration.ofHours(1)), lockSeenAt))
                .partial(new Partial("r2", "upgrade", 2, 5, T0.minusSeconds(90), "statement 3 failed"))
                .drift(new Drift(List.of(new ChangedFile("r1", "r1.sql", "3f2a", "9c1d")), List.of()))
                .schemaDrift("column accounts.email is missing")
                .backfills(backfill("hashes", "failed", T0, T0, "boom"),
                        backfill("totals", "running", T0.minus(Duration.ofMinutes(30)), null, null))
                .build();
    }

    @Test
    void twoReplicasSeeingTheSameConditionsAtDifferentTimesSendTheSameDeliveryIds() throws Exception {
        first.evaluator().evaluate(everythingWrong(0, T0.minus(Duration.ofMinutes(20))));
        second.evaluator().evaluate(everythingWrong(47, T0.minus(Duration.ofMinutes(16))));
        Map<String, Set<String>> firing = idsByKey("alert.firing", 12);
        assertThat(firing).containsOnlyKeys(KEYS);
        assertThat(firing).allSatisfy((key, ids) -> assertThat(ids).as("ids of %s from both replicas", key)
                .hasSize(1));
        assertThat(receiver.requests(HOOK, r -> r.key().equals("schema-out-of-sync:orders")))
                .extracting(r -> r.json().path("data").path("startsAt").asText())
                .as("each replica's start is when it saw the condition").doesNotHaveDuplicates();

        first.evaluator().evaluate(Snapshots.at(T0.plusSeconds(60)).upToDate().build());
        second.evaluator().evaluate(Snapshots.at(T0.plusSeconds(95)).upToDate().build());
        Map<String, Set<String>> resolved = idsByKey("alert.resolved", 12);
        assertThat(resolved).containsOnlyKeys(KEYS);
        assertThat(resolved).allSatisfy((key, ids) -> assertThat(ids).as("ids of the resolve of %s", key)
                .hasSize(1).doesNotContainAnyElementsOf(firing.get(key)));
    }

    /**
     * Two replicas probe the same dead database at different moments, on either side of a probe interval's
     * boundary, so their first failures round to different starts: they still send one delivery id for the
     * alert, and one for its resolve.
     */
    @Test
    void replicasProbingADeadDatabaseAtDifferentMomentsSendTheSameDeliveryIds() throws Exception {
        probe(first, 5, 15, 25);
        probe(second, 12, 22, 32);
        Map<String, Set<String>> firing = idsByKey("alert.firing", 2);
        assertThat(firing).containsOnlyKeys("database-unreachable:" + RulesTest.CONTEXT.database());
        assertThat(firing.values()).singleElement().satisfies(ids -> assertThat(ids).hasSize(1));
        assertThat(receiver.requests(HOOK, r -> r.type().equals("alert.firing")))
                .extracting(r -> r.json().path("data").path("startsAt").asText())
                .as("the first failures round to different starts").doesNotHaveDuplicates();

        first.evaluator().probed(ProbeResult.answered(T0.plusSeconds(35)));
        second.evaluator().probed(ProbeResult.answered(T0.plusSeconds(42)));
        assertThat(idsByKey("alert.resolved", 2).values()).singleElement()
                .satisfies(ids -> assertThat(ids).hasSize(1).doesNotContainAnyElementsOf(firing.values().iterator().next()));
    }

    /** Failed probes of {@code replica}, at these seconds after T0 (T0 is on a probe interval's boundary). */
    private static void probe(Replica replica, int... seconds) {
        for (int at : seconds) {
            replica.evaluator().probed(new ProbeResult(T0.plusSeconds(at), MigrationErrorCode.CONNECTION_REFUSED,
                    "connection refused"));
        }
    }

    /** Once {@code count} posts of {@code type} came: their {@code webhook-id}s by alert key. */
    private Map<String, Set<String>> idsByKey(String type, int count) throws Exception {
        Await.until(count + " posts of " + type, () -> receiver.requests(HOOK, r -> r.type().equals(type)).size()
                >= count);
        List<Request> posts = receiver.requests(HOOK, r -> r.type().equals(type));
        assertThat(posts).hasSize(count);
        return posts.stream().collect(Collectors.groupingBy(Request::key,
                Collectors.mapping(r -> r.header("webhook-id"), Collectors.toSet())));
    }
}
