package io.ferry.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.ferry.migration.testing.Await;
import io.ferry.runbook.testing.Migrations;
import io.ferry.runbook.testing.ProcessDatabase;
import io.ferry.runbook.testing.Receiver;
import io.ferry.runbook.testing.Receiver.Request;
import io.ferry.runbook.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts end to end, with real processes: {@code ./ferry-server} watching a project, {@code ./ferry} failing in
 * another process as a deploy pipeline or an operator would make it fail, and a real HTTP receiver for a webhook
 * sink (Standard Webhooks, checked with the reference library) and a Slack sink. The server is SIGKILLed with
 * deliveries pending and started again. Runs after package; each server's output is kept under
 * {@code target/alerts-it/}.
 */
class AlertsServerIT {

    private static final String PUBLIC_URL = "https://ferry.it.example";
    private static final Duration REFRESH = Duration.ofSeconds(1);
    private static final String HOOK = "/hooks/ops";
    private static final String SLACK = "/slack/T0000/B0000";
    private static final String FAILED = "migration-failed:r2";
    private static final String JOB = "document-hashes";
    private static final String R1 = "CREATE TABLE accounts (id bigint PRIMARY KEY);";
    private static final String R2_WRONG = "ALTER TABLE acounts ADD COLUMN email text;";
    private static final String R2_RIGHT = "ALTER TABLE accounts ADD COLUMN email text;";

    @TempDir
    Path project;

    private final String secret = newSecret();
    private Receiver receiver;
    private ProcessDatabase database;
    private ServerProcess server;

    @BeforeEach
    void receiverAndDatabase() throws Exception {
        receiver = Receiver.start();
        database = ProcessDatabase.create("alerts_it_");
    }

    @AfterEach
    void stopEverything(TestInfo test) throws Exception {
        try {
            if (server != null) {
                server.close();
                Path kept = Path.of("target", "alerts-it");
                Files.createDirectories(kept);
                Files.copy(project.resolve("server-output.txt"),
                        kept.resolve(test.getTestMethod().orElseThrow().getName() + ".txt"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            receiver.close();
            database.close();
        }
    }

    @Test
    void aMigrationFailingInTheCommandLineRaisesMigrationFailedWithinACheckAndFixingItResolvesIt() throws Exception {
        ServerProcess.Ran failed = startServerAndFailAnUpgrade(true);
        long refreshedAtTheEnd = server.refreshes();

        Request firing = awaitFiring(FAILED);
        assertCameAfter(firing, failed);
        // Within one check, counted in the server's refreshes: the alert arrived before the counter passed the
        // refresh that may have been under way as the command ended (it may have read the history just before
        // the failure) and the first refresh that started after it. The counter is read once the command has
        // ended, so it may be later than the end, never earlier: the bound can only be looser than the truth.
        assertThat(firing.noted()).as("ferry_snapshot_refreshes_total as the alert arrived, against %s when"
                + " 'ferry upgrade' had ended", refreshedAtTheEnd).isLessThanOrEqualTo(refreshedAtTheEnd + 2);
        JsonNode data = firing.json().path("data");
        assertThat(data.path("rule").asText()).isEqualTo("migration-failed");
        assertThat(data.path("key").asText()).isEqualTo(FAILED);
        assertThat(data.path("severity").asText()).isEqualTo("critical");
        assertThat(data.path("summary").asText()).startsWith("Migration failed on " + database.name()
                + ": revision r2");
        assertThat(data.path("runbook").asText()).startsWith(PUBLIC_URL + "/runbooks/");
        assertThat(data.path("endsAt").isNull()).isTrue();
        assertSigned(firing);

        Request slackFiring = receiver.await("Slack gets the firing of " + FAILED, SLACK,
                r -> r.text().startsWith("*[CRITICAL]*") && r.text().contains(FAILED));
        assertThat(slackFiring.text()).contains(slackEscaped(data.path("summary").asText()),
                "<" + data.path("runbook").asText() + "|runbook>");

        Migrations.revision(project.resolve("db"), "r2", "r1", R2_RIGHT);
        ServerProcess.Ran fixed = ferry("upgrade", "head");
        assertThat(fixed.exit()).as(fixed.toString()).isZero();

        Request resolved = receiver.await("the webhook gets alert.resolved of " + FAILED, HOOK,
                r -> r.type().equals("alert.resolved") && r.key().equals(FAILED));
        assertCameAfter(resolved, fixed);
        assertThat(resolved.json().path("data").path("endsAt").asText()).isNotBlank();
        assertThat(resolved.header("webhook-id")).isNotEqualTo(firing.header("webhook-id"));
        assertSigned(resolved);
        Request slackResolved = receiver.await("Slack gets the resolve of " + FAILED, SLACK,
                r -> r.text().startsWith("*[RESOLVED]*") && r.text().contains(FAILED));
        assertThat(slackResolved.text()).contains("<" + data.path("runbook").asText() + "|runbook>");

        JsonNode[] api = new JsonNode[1];
        Await.until("GET /api/alerts shows the four deliveries delivered", () -> {
            api[0] = server.get("/api/alerts");
            List<JsonNode> ours = deliveries(api[0], FAILED);
            return ours.size() == 4 && ours.stream().allMatch(d -> d.path("status").asText().equals("delivered"));
        });
        assertThat(deliveries(api[0], FAILED)).extracting(d -> d.path("sink").asText() + " " + d.path("transition")
                .asText()).containsExactlyInAnyOrder("ops firing", "ops resolved", "chat firing", "chat resolved");
        assertThat(deliveries(api[0], FAILED)).filteredOn(d -> d.path("sink").asText().equals("ops"))
                .extracting(d -> d.path("id").asText())
                .containsExactlyInAnyOrder(firing.header("webhook-id"), resolved.header("webhook-id"));
        assertThat(api[0].path("active")).isEmpty();
        assertThat(api[0].path("resolved").get(0).path("key").asText()).isEqualTo(FAILED);
        assertThat(receiver.requests(HOOK, r -> r.key().equals(FAILED))).as("one post per transition").hasSize(2);
        assertThat(receiver.requests(HOOK, r -> true)).as("nothing else fires: the files agree with the history")
                .extracting(Request::key).containsOnly(FAILED);
    }

    @Test
    void deliveriesPendingWhenTheServerIsKilledAreSentOnceByTheServerStartedAgain() throws Exception {
        receiver.answer(503);
        ServerProcess.Ran failed = startServerAndFailAnUpgrade(false);
        Request refused = awaitFiring(FAILED);
        assertThat(refused.status()).isEqualTo(503);
        String id = refused.header("webhook-id");
        Path pending = project.resolve(".ferry/alerts/spool/pending").resolve(id + ".json");
        Await.until("the delivery waits in the spool", () -> Files.exists(pending));
        assertThat(Files.readString(project.resolve(".ferry/alerts/state.json"))).contains(FAILED);

        server.kill();
        assertThat(pending).as("SIGKILL leaves the delivery pending").exists();
        receiver.answer(200);
        startServer("degraded");

        Request delivered = receiver.await("the server started again delivers the pending alert.firing", HOOK,
                r -> r.status() == 200 && r.type().equals("alert.firing") && r.key().equals(FAILED));
        assertThat(delivered.header("webhook-id")).as("the same delivery").isEqualTo(id);
        assertThat(delivered.body()).as("rendered once, when spooled").isEqualTo(refused.body());
        assertSigned(delivered);
        Await.until("the delivery leaves the spool's pending ones", () -> !Files.exists(pending));

        // The book in state.json knows the alert was raised: three refreshes later, nothing was raised again.
        Instant after = delivered.at().plus(REFRESH.multipliedBy(3));
        Await.until("the server refreshed three times since", () -> !generatedAt().isBefore(after));
        assertThat(receiver.requests(HOOK, r -> r.type().equals("alert.firing") && r.key().equals(FAILED)))
                .as("every attempt is the one delivery").allMatch(r -> id.equals(r.header("webhook-id")))
                .filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(receiver.requests(SLACK, r -> r.status() == 200 && r.text().contains(FAILED)))
                .as("the Slack delivery pending too, sent once").hasSize(1);
        assertThat(deliveries(server.get("/api/alerts"), FAILED)).filteredOn(d -> d.path("id").asText().equals(id))
                .singleElement().satisfies(d -> assertThat(d.path("status").asText()).isEqualTo("delivered"));
    }

    @Test
    void aBackfillFailingInTheCommandLineRaisesBackfillFailed() throws Exception {
        writeProject("""
                backfills:
                  %s:
                    type: hash
                    table: documents
                    key: id
                    columns: [title, body]
                    target: content_hash
                """.formatted(JOB));
        Migrations.revision(project.resolve("db"), "r1", "base", """
                CREATE TABLE documents (id bigint PRIMARY KEY, title text, body text, content_hash text);
                INSERT INTO documents SELECT g, 'title ' || g, 'body ' || g FROM generate_series(1, 250) g;
                CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'documents are frozen'; END $$;
                CREATE TRIGGER frozen BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION refuse();""");
        startServer("degraded");
        ServerProcess.Ran upgraded = ferry("upgrade", "head");
        assertThat(upgraded.exit()).as(upgraded.toString()).isZero();

        ServerProcess.Ran failed = ferry("backfill", "run", JOB, "--batch-size", "100");
        assertThat(failed.exit()).as(failed.toString()).isNotZero();

        String key = "backfill-failed:" + JOB;
        Request firing = awaitFiring(key);
        assertCameAfter(firing, failed);
        JsonNode data = firing.json().path("data");
        assertThat(data.path("rule").asText()).isEqualTo("backfill-failed");
        assertThat(data.path("severity").asText()).isEqualTo("error");
        assertThat(data.path("summary").asText()).contains("documents are frozen");
        assertThat(data.path("runbook").asText()).isEqualTo(PUBLIC_URL + "/runbooks/backfills#backfill-failed");
        assertThat(data.path("details").path("job").asText()).isEqualTo(JOB);
        assertThat(data.path("details").path("state").asText()).isEqualTo("failed");
        assertSigned(firing);
        receiver.await("Slack gets the firing of " + key, SLACK,
                r -> r.text().startsWith("*[ERROR]*") && r.text().contains(key));
    }

    /**
     * The project with r1 and an r2 whose SQL is wrong, the server on it, then {@code ferry upgrade head} failing.
     * With {@code noteRefreshes}, the receiver notes the server's refresh counter as each post arrives.
     */
    private ServerProcess.Ran startServerAndFailAnUpgrade(boolean noteRefreshes) throws Exception {
        writeProject("");
        Migrations.revision(project.resolve("db"), "r1", "base", R1);
        Migrations.revision(project.resolve("db"), "r2", "r1", R2_WRONG);
        startServer("degraded");
        if (noteRefreshes) {
            ServerProcess watched = server;
            receiver.noting(watched::refreshes);
        }
        ServerProcess.Ran failed = ferry("upgrade", "head");
        assertThat(failed.exit()).as(failed.toString()).isNotZero();
        return failed;
    }

    /** The first {@code alert.firing} of {@code key} the webhook got, whatever it answered. */
    private Request awaitFiring(String key) throws Exception {
        return receiver.await("the webhook gets alert.firing of " + key, HOOK,
                r -> r.type().equals("alert.firing") && r.key().equals(key));
    }

    /** ferry.yaml: the public URL, a webhook sink signed with the secret from the environment, a Slack sink. */
    private void writeProject(String more) throws Exception {
        Files.writeString(project.resolve("ferry.yaml"), """
                alerts:
                  public-url: %s
                  retry: [0s, 2s, 2s, 2s, 2s, 2s, 2s, 2s, 2s, 2s]
                  sinks:
                    ops:
                      type: webhook
                      url: %s
                      secret: ${TEST_WEBHOOK_SECRET}
                    chat:
                      type: slack
                      url: %s
                """.formatted(PUBLIC_URL, receiver.url(HOOK), receiver.url(SLACK)) + more);
    }

    /** {@code ./ferry-server} on the project (a fresh port each start), once {@code /health} says {@code status}. */
    private void startServer(String status) throws Exception {
        List<String> args = new ArrayList<>(database.options());
        args.addAll(List.of("--dir", "db", "--refresh", REFRESH.toSeconds() + "s"));
        Map<String, String> env = new HashMap<>(database.environment());
        env.put("TEST_WEBHOOK_SECRET", secret);
        server = ServerProcess.start(project, ServerProcess.freePort(), args, env);
        server.awaitHealth(status);
    }

    /** {@code ./ferry ARGS --url ... --dir db} in the project folder: a pipeline's run, without the sinks' secret. */
    private ServerProcess.Ran ferry(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(database.options());
        all.addAll(List.of("--dir", "db"));
        return ServerProcess.ferry(project, database.environment(), all);
    }

    /**
     * The request answers the command, not an earlier state: it is the first of its kind the receiver got (the
     * callers take the first match), and it arrived after the command had started. Not after it ended: the server
     * may read the committed history while the command's JVM is still shutting down.
     */
    private static void assertCameAfter(Request request, ServerProcess.Ran command) {
        assertThat(request.nanos()).as("%s %s arrived after 'ferry %s' started", request.type(), request.key(),
                command.command()).isGreaterThan(command.startedAtNanos());
    }

    /** Checks the signature with the reference library, and that another secret's check refuses it. */
    private void assertSigned(Request request) throws WebhookVerificationException {
        assertThat(request.header("webhook-id")).matches("msg_[0-9a-f]{32}");
        assertThat(Long.parseLong(request.header("webhook-timestamp")))
                .isBetween(request.at().getEpochSecond() - 5, request.at().getEpochSecond() + 5);
        assertThat(request.header("webhook-signature")).startsWith("v1,");
        new Webhook(secret).verify(request.body(), request.headers());
        assertThatThrownBy(() -> new Webhook(newSecret()).verify(request.body(), request.headers()))
                .isInstanceOf(WebhookVerificationException.class);
    }

    private Instant generatedAt() throws Exception {
        return Instant.parse(server.get("/api/status").path("generatedAt").asText());
    }

    private static List<JsonNode> deliveries(JsonNode api, String key) {
        return StreamSupport.stream(api.path("deliveries").spliterator(), false)
                .filter(d -> d.path("key").asText().equals(key)).toList();
    }

    /** Slack's escaping of message text. */
    private static String slackEscaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String newSecret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
