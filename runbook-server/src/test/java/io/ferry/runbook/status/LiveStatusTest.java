package io.ferry.runbook.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.backfill.Backfills;
import io.ferry.backfill.RunControl;
import io.ferry.backfill.RunSettings;
import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.event.EventPublisher;
import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.testing.Await;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import io.ferry.runbook.testing.LockWait;
import io.ferry.runbook.testing.ProjectWithBackfill;
import io.ferry.runbook.testing.Profiles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/status}, its stream and {@code /q/metrics} on real PostgreSQL, with changes made from the
 * test's own connections, as another process would make them.
 */
@QuarkusTest
@TestProfile(Profiles.Live.class)
class LiveStatusTest {

    static final List<String> CHECKS = List.of("database", "migrations", "drift", "last-failure", "migration-lock", "blockers",
            "long-transactions", "connections", "permissions", "database-size", "backfills");

    @ConfigProperty(name = "ferry.url")
    String url;
    @ConfigProperty(name = "ferry.user")
    Optional<String> user;
    @ConfigProperty(name = "ferry.password")
    Optional<String> password;
    @ConfigProperty(name = "ferry.project-dir")
    Path projectDir;
    @Inject
    SnapshotRefresher snapshots;
    @TestHTTPResource("/api/status/stream")
    URI stream;

    private Connection connect(String application) throws SQLException {
        Connection c = DriverManager.getConnection(url, user.orElse(null), password.orElse(null));
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = '" + application + "'");
        }
        return c;
    }

    private DataSource dataSource() {
        return FerryConfiguration.simpleDataSource(url, user.orElse(null), password.orElse(null));
    }

    @Test
    void theStatusHasEveryPartOfTheSnapshotAndEveryCheck() {
        JsonPath status = given().get("/api/status").then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
        assertThat(status.getString("generatedAt")).isNotBlank();
        assertThat(status.getBoolean("database.reachable")).isTrue();
        assertThat(status.getString("database.serverVersion")).startsWith("17");
        assertThat(status.getLong("database.sizeBytes")).isPositive();
        assertThat(status.getLong("database.latencyMs")).isNotNegative();
        assertThat(status.getString("migrations.state")).isIn("pending", "ok");
        assertThat(status.getList("migrations.heads")).containsExactly("r2");
        assertThat(status.getList("blockers")).isNotNull();
        assertThat(status.getList("longTransactions")).isNotNull();
        assertThat(status.getInt("connections.used")).isPositive();
        assertThat(status.getInt("connections.max")).isGreaterThanOrEqualTo(status.getInt("connections.used"));
        assertThat(status.getMap("connections.byState")).isNotEmpty();
        assertThat(status.getString("permissions.role")).isEqualTo(user.orElse(System.getProperty("user.name")));
        assertThat(status.getString("permissions.schemas[0].schema")).isEqualTo("public");
        assertThat(status.getBoolean("permissions.schemas[0].canCreate")).isTrue();
        assertThat(status.getList("largestTables")).isNotNull();
        assertThat(status.getString("backfills[0].job")).isEqualTo(ProjectWithBackfill.JOB);

        Map<String, Object> checks = status.getMap("checks");
        assertThat(checks.keySet()).containsExactlyElementsOf(CHECKS);
        for (String name : CHECKS) {
            assertThat(status.getString("checks." + name + ".status")).as(name).isIn("ok", "warning", "failing");
            assertThat(status.getString("checks." + name + ".summary")).as(name).isNotBlank();
            List<List<String>> rows = status.getList("checks." + name + ".rows");
            int width = status.getList("checks." + name + ".columns").size();
            assertThat(rows).as(name).allSatisfy(row -> assertThat(row).hasSize(width));
        }
        assertThat(status.getString("checks.database.status")).isEqualTo("ok");
        assertThat(status.getString("checks.permissions.status")).isEqualTo("ok");
        assertThat(status.getString("checks.connections.status")).isEqualTo("ok");
        // The password never leaves the server.
        password.filter(p -> !p.isEmpty()).ifPresent(p -> assertThat(status.prettify()).doesNotContain(p));
    }

    @Test
    void aSessionWaitingForALockShowsInBlockersWithTheSessionThatBlocksIt() throws Exception {
        try (Connection c = connect("test-setup"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS parcels (id bigint PRIMARY KEY)");
        }
        int waiterPid;
        try (LockWait lock = LockWait.on(this::connect, "parcels", "test-holder", "test-waiter")) {
            int holderPid = lock.holderPid();
            waiterPid = lock.waiterPid();
            Snapshot[] seen = new Snapshot[1];
            Await.until("the refresh sees pid " + waiterPid + " waiting", () -> {
                seen[0] = snapshots.refresh();
                return seen[0].blockers().stream().anyMatch(b -> b.pid() == waiterPid);
            });
            // The refresh was not held up by the lock: it read the table sizes too.
            assertThat(seen[0].largestTables()).anyMatch(t -> t.table().equals("parcels"));

            JsonPath status = given().get("/api/status").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> blockers = status.getList("blockers");
            Map<String, Object> blocker = blockers.stream().filter(b -> ((Integer) b.get("pid")) == waiterPid)
                    .findFirst().orElseThrow();
            assertThat(blocker.get("application")).isEqualTo("test-waiter");
            assertThat(blocker.get("waitEvent")).isEqualTo("Lock:relation");
            assertThat((String) blocker.get("waitingFor")).isEqualTo("AccessShareLock on parcels");
            assertThat((String) blocker.get("queryStart")).isNotBlank();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> by = (List<Map<String, Object>>) blocker.get("blockedBy");
            assertThat(by).singleElement().satisfies(b -> {
                assertThat(b.get("pid")).isEqualTo(holderPid);
                assertThat(b.get("application")).isEqualTo("test-holder");
                assertThat(b.get("state")).isEqualTo("idle in transaction");
                assertThat((String) b.get("transactionStart")).isNotBlank();
            });
            assertThat(status.getString("checks.blockers.status")).isIn("warning", "failing");
            List<List<String>> rows = status.getList("checks.blockers.rows");
            assertThat(rows).anySatisfy(row -> assertThat(row).startsWith(String.valueOf(waiterPid), "test-waiter")
                    .contains(String.valueOf(holderPid), "test-holder"));

            // The holder's transaction is older than the profile's 1 s threshold.
            Await.until("the holder's transaction counts as long",
                    () -> snapshots.refresh().longTransactions().stream().anyMatch(t -> t.pid() == holderPid));
            JsonPath later = given().get("/api/status").then().extract().jsonPath();
            assertThat(later.getString("checks.long-transactions.status")).isEqualTo("warning");
            assertThat(later.getList("checks.long-transactions.rows", List.class))
                    .anySatisfy(row -> assertThat(row.get(0)).isEqualTo(String.valueOf(holderPid)));
        }
        Await.until("no session waits any more", () -> snapshots.refresh().blockers().stream()
                .noneMatch(b -> b.pid() == waiterPid));
        given().get("/api/status").then().statusCode(200);
    }

    @Test
    void theMigrationLockCheckShowsAnotherProcesssHolderAndWhatItsSessionDoes() throws Exception {
        // Another process takes the migration lock as its run would, and holds it.
        try (MigrationLock lock = MigrationLock.acquire(dataSource(), List.of(MigrationLock.key("public")),
                Duration.ofSeconds(30), new EventPublisher(List.of()))) {
            int[] pid = new int[1];
            Await.until("the refresh sees the lock held", () -> {
                Snapshot.Lock seen = snapshots.refresh().migrations().lock();
                pid[0] = seen == null ? 0 : seen.pid();
                return seen != null;
            });
            JsonPath status = given().get("/api/status").then().statusCode(200).extract().jsonPath();
            assertThat(status.getInt("migrations.lock.pid")).isEqualTo(pid[0]);
            assertThat(status.getString("migrations.lock.state")).isEqualTo("idle");
            assertThat(status.getString("migrations.lock.waitEvent")).isEqualTo("Client:ClientRead");
            assertThat(status.getString("migrations.lock.revision")).isNull();
            assertThat(status.getString("checks.migration-lock.status")).isEqualTo("warning");
            assertThat(status.getString("checks.migration-lock.summary")).startsWith("held by pid " + pid[0] + " (ferry,");
            List<List<String>> rows = status.getList("checks.migration-lock.rows");
            assertThat(rows).singleElement().satisfies(row -> {
                assertThat(row.get(0)).isEqualTo(String.valueOf(pid[0]));
                assertThat(row.get(3)).isNotBlank();
                assertThat(row.subList(5, 7)).containsExactly("idle", "Client:ClientRead");
                assertThat(row.get(7)).startsWith("revision not known");
            });
        }
        Await.until("the lock is free again", () -> snapshots.refresh().migrations().lock() == null);
        assertThat(given().get("/api/status").then().extract().jsonPath().getString("checks.migration-lock.status"))
                .isEqualTo("ok");
    }

    @Test
    void theStreamSendsTheStatusOnConnectAndAgainWhenAnotherProcessAppliesTheRevisions() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(stream)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        LinkedBlockingQueue<String[]> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readEvents(response.body(), events), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            String[] first = events.poll(1, TimeUnit.MINUTES);
            assertThat(first).as("the event sent on connect").isNotNull();
            assertThat(first[0]).isEqualTo("status");
            JsonPath current = JsonPath.from(first[1]);
            assertThat(current.getString("migrations.state")).isEqualTo("pending");
            assertThat(current.getMap("checks")).containsKey("migrations");

            // Another process (here: the test, through Ferry's API) applies the revisions.
            Ferry.configure().dataSource(dataSource()).locations(projectDir.resolve("migrations")).load().upgrade("heads");

            JsonPath changed = null;
            while (changed == null) {
                String[] event = events.poll(1, TimeUnit.MINUTES);
                assertThat(event).as("a status event after the upgrade").isNotNull();
                assertThat(event[0]).isEqualTo("status");
                JsonPath body = JsonPath.from(event[1]);
                if ("ok".equals(body.getString("migrations.state"))) {
                    changed = body;
                }
            }
            assertThat(changed.getList("migrations.current")).containsExactly("r2");
            assertThat(changed.getString("checks.migrations.status")).isEqualTo("ok");
        } finally {
            response.body().close();
        }
    }

    /** Reads {@code event:}/{@code data:} lines into (name, data) pairs until the stream ends. */
    private static void readEvents(InputStream in, LinkedBlockingQueue<String[]> events) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new String[] {name, data.toString()});
                    }
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } catch (java.io.IOException closed) {
            // The test closed the stream.
        }
    }

    @Test
    void aBackfillRunShowsWithItsRowsAndRateAndTheMetricsExposeTheGauges() throws Exception {
        try (Connection c = connect("test-setup"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS documents (id bigint PRIMARY KEY, title text, body text,"
                    + " content_hash text)");
            s.execute("TRUNCATE documents");
            s.execute("INSERT INTO documents SELECT g, 'title ' || g, 'body ' || g FROM generate_series(1, 250) g");
        }
        Backfills.configure().dataSource(dataSource()).job(ProjectWithBackfill.DEFINITION).load()
                .run(ProjectWithBackfill.JOB, RunSettings.defaults().batchSize(100).restart(true), new RunControl());

        Snapshot.Backfill[] job = new Snapshot.Backfill[1];
        Await.until("the snapshot shows the finished run", () -> {
            job[0] = snapshots.refresh().backfills().get(0);
            return job[0].state().equals("succeeded");
        });
        assertThat(job[0].job()).isEqualTo(ProjectWithBackfill.JOB);
        assertThat(job[0].type()).isEqualTo("hash");
        assertThat(job[0].rowsScanned()).isEqualTo(250);
        assertThat(job[0].rowsChanged()).isEqualTo(250);
        assertThat(job[0].batches()).isEqualTo(3);
        assertThat(job[0].error()).isNull();
        assertThat(job[0].endedAt()).isNotNull();

        JsonPath status = given().get("/api/status").then().extract().jsonPath();
        assertThat(status.getString("backfills[0].state")).isEqualTo("succeeded");
        assertThat(status.getString("checks.backfills.status")).isEqualTo("ok");
        assertThat(status.getList("checks.backfills.rows", List.class)).singleElement()
                .satisfies(row -> assertThat(row).startsWith(ProjectWithBackfill.JOB, "hash", "succeeded", "250", "250"));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("(?m)^ferry_database_up(\\{[^}]*\\})? 1\\.0$");
        assertThat(metrics).containsPattern("(?m)^ferry_migrations_pending(\\{[^}]*\\})? [0-9.]+$");
        assertThat(metrics).containsPattern("(?m)^ferry_migrations_last_failure_timestamp_seconds(\\{[^}]*\\})? 0\\.0$");
        assertThat(metrics).containsPattern("(?m)^ferry_migration_lock_held_seconds(\\{[^}]*\\})? 0\\.0$");
        assertThat(metrics).containsPattern("(?m)^ferry_snapshot_refreshes_total(\\{[^}]*\\})? [1-9][0-9.E]*$");
        assertThat(metrics).containsPattern("(?m)^ferry_snapshot_refresh_seconds_total(\\{[^}]*\\})? [0-9.E-]+$");
        assertThat(metrics).containsPattern("(?m)^ferry_snapshot_last_refresh_timestamp_seconds(\\{[^}]*\\})? [1-9][0-9.E]*$");
        assertThat(metrics).containsPattern("(?m)^ferry_backfill_rows_total\\{job=\"" + ProjectWithBackfill.JOB
                + "\"\\} 250\\.0$");
        assertThat(metrics).containsPattern("(?m)^ferry_backfill_rows_per_second\\{job=\"" + ProjectWithBackfill.JOB
                + "\"\\} [0-9.E]+$");
    }

    @Test
    void theOpenApiDocumentDescribesTheStatus() {
        String openapi = given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("/api/status", "/api/status/stream", "/health");
    }

    @Test
    void theLiveScriptIsServedFromTheServerItself() {
        String script = given().get("/live.js").then().statusCode(200).contentType(org.hamcrest.Matchers.containsString(
                "javascript")).extract().asString();
        assertThat(script).contains("/api/status/stream", "data-check", "data-status-field");
    }
}
