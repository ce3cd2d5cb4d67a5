package io.ferry.runbook.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.alerts.Alert;
import io.ferry.backfill.Backfills;
import io.ferry.backfill.RunControl;
import io.ferry.backfill.RunSettings;
import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.runbook.testing.Migrations;
import io.ferry.runbook.testing.Profiles;
import io.ferry.runbook.testing.ProjectWithBackfill;
import io.ferry.runbook.testing.RecordingSink;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import io.ferry.runbook.testing.ServerConnections;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failures caused outside the server, by the test's own Ferry and backfill runs as a deploy pipeline or an operator
 * would cause them: the alerts reach the sink within a check (counted in the server's refreshes), show on
 * {@code /api/alerts}, {@code /q/metrics}, the dashboard and their runbook page, and resolve once put right.
 */
@QuarkusTest
@TestProfile(Profiles.Alerts.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsServerTest {

    private static final String FAILED = "migration-failed:r2";

    @ConfigProperty(name = "ferry.project-dir")
    Path projectDir;
    @Inject
    RecordingSink sink;
    @Inject
    ServerConnections database;
    @Inject
    SnapshotRefresher refresher;

    private DataSource dataSource() {
        return database.dataSource();
    }

    private String database() {
        return database.name();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    @Order(1)
    void aFailureThatAnotherProcessRecordsRaisesMigrationFailedWithinACheck() throws Exception {
        // The deploy pipeline's copy of the project: the same r1, and an r2 whose SQL is wrong.
        Path pipeline = Files.createTempDirectory("pipeline");
        Migrations.revision(pipeline, "r1", "base", "CREATE TABLE accounts (id bigint PRIMARY KEY);");
        Migrations.revision(pipeline, "r2", "r1", "ALTER TABLE acounts ADD COLUMN email text;");
        sink.noting(refresher::refreshes);
        assertThatThrownBy(() -> Ferry.configure().dataSource(dataSource()).locations(pipeline).load().upgrade("heads"))
                .isInstanceOf(FerryException.class);
        long refreshedAtTheFailure = refresher.refreshes();

        RecordingSink.Received received = Received.await(sink, FAILED, true);
        // Within a check, in refreshes: the one under way as the failure was recorded may have read the history
        // just before it; the next one raised the alert at the latest. The counter is read after the failure,
        // so it may be later than the failure, never earlier: the bound can only be looser than the truth.
        assertThat(received.noted()).as("the refresh that raised it, against %s at the failure",
                refreshedAtTheFailure).isLessThanOrEqualTo(refreshedAtTheFailure + 2);
        Alert alert = received.alert();
        assertThat(alert.summary()).startsWith("Migration failed on " + database() + ": revision r2");
        assertThat(alert.runbook()).isEqualTo(Profiles.PUBLIC_URL + "/runbooks/running#migration-failed");
        assertThat(alert.details()).containsEntry("database", database()).containsEntry("subject", "r2")
                .containsEntry("current", List.of("r1")).containsEntry("target", List.of("r2"));
        assertThat(sink.received()).as("nothing else fires: the files agree with the history")
                .extracting(r -> r.alert().key()).containsExactly(FAILED);
    }

    @Test
    @Order(2)
    void theFiringAlertShowsOnTheApiTheMetricsTheDashboardAndItsRunbookPage() throws Exception {
        JsonPath api = given().get("/api/alerts").then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
        assertThat(api.getList("active.key")).containsExactly(FAILED);
        assertThat(api.getString("active[0].rule")).isEqualTo("migration-failed");
        assertThat(api.getString("active[0].severity")).isEqualTo("critical");
        assertThat(api.getString("active[0].runbook")).endsWith("/runbooks/running#migration-failed");
        assertThat(api.getString("active[0].startsAt")).isNotBlank();
        assertThat(api.getString("active[0].endsAt")).isNull();
        assertThat(api.getMap("active[0].details")).containsEntry("code", "migration-failed");
        assertThat(api.getList("resolved")).isEmpty();
        assertThat(api.getString("deliveries[0].sink")).isEqualTo(RecordingSink.SINK);
        assertThat(api.getString("deliveries[0].key")).isEqualTo(FAILED);
        assertThat(api.getString("deliveries[0].status")).isEqualTo("delivered");
        // And every other field the dashboard's script draws the Alerts section from (dashboard.js, showAlerts).
        assertThat(api.getString("active[0].summary")).startsWith("Migration failed on " + database());
        assertThat(api.getString("deliveries[0].transition")).isEqualTo("firing");
        assertThat(api.getInt("deliveries[0].attempts")).isEqualTo(1);
        assertThat(api.getMap("deliveries[0]")).containsEntry("lastError", null);
        assertThat(Instant.parse(api.getString("deliveries[0].deliveredAt"))).as("an ISO-8601 instant, as Date parses")
                .isNotNull();
        assertThat(Instant.parse(api.getString("active[0].startsAt"))).isNotNull();
        assertThat(api.getString("sinks[0].name")).isEqualTo(RecordingSink.SINK);
        assertThat(api.getString("sinks[0].type")).isEqualTo("webhook");
        assertThat(api.getBoolean("sinks[0].enabled")).isTrue();
        assertThat(api.getMap("sinks[0]")).containsEntry("disabledBecause", null);
        assertThat(api.getBoolean("leader")).isTrue();

        String metrics = metrics();
        assertThat(metrics).contains("ferry_alerts_firing{rule=\"migration-failed\",severity=\"critical\"} 1.0",
                "ferry_alerts_firing{rule=\"backfill-failed\",severity=\"error\"} 0.0",
                "ferry_alerts_firing{rule=\"database-unreachable\",severity=\"critical\"} 0.0");
        assertThat(metrics).containsPattern("(?m)^ferry_alert_deliveries_total\\{outcome=\"delivered\",sink=\""
                + RecordingSink.SINK + "\"\\} [1-9][0-9.]*$");

        String dashboard = given().accept("text/html").get("/admin/migrations").then().statusCode(200).extract()
                .asString();
        assertThat(dashboard).contains("id=\"alerts\"", "Migration failed on " + database(),
                Profiles.PUBLIC_URL + "/runbooks/running#migration-failed", "<td>" + RecordingSink.SINK + "</td>");

        String deliveredAt = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC)
                .format(sink.deliveries(10).get(0).deliveredAt());
        String page = given().get("/runbooks/running").then().statusCode(200).extract().asString();
        assertThat(page).contains("data-panel=\"alerts\"", RecordingSink.SINK + " (webhook) notified " + deliveredAt);
        assertThat(given().get("/runbooks/backfills").then().statusCode(200).extract().asString())
                .doesNotContain("data-panel=\"alerts\"");

        AlertBook restarted = new AlertBook(new BookFile(projectDir.resolve(BookFile.FILE)));
        assertThat(restarted.active()).extracting(Alert::key).containsExactly(FAILED);
    }

    @Test
    @Order(3)
    void applyingTheRevisionsFromOutsideResolvesIt() throws Exception {
        Ferry.configure().dataSource(dataSource()).locations(projectDir.resolve("migrations")).load().upgrade("heads");

        Alert resolved = Received.await(sink, FAILED, false).alert();
        assertThat(resolved.endsAt()).isAfter(resolved.startsAt());
        JsonPath api = given().get("/api/alerts").then().statusCode(200).extract().jsonPath();
        assertThat(api.getList("active")).isEmpty();
        assertThat(api.getString("resolved[0].key")).isEqualTo(FAILED);
        assertThat(api.getString("resolved[0].endsAt")).isNotBlank();
        assertThat(metrics()).contains("ferry_alerts_firing{rule=\"migration-failed\",severity=\"critical\"} 0.0");
    }

    @Test
    @Order(4)
    void aBackfillFailingOutsideTheServerRaisesBackfillFailedUntilARunSucceeds() throws Exception {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE documents (id bigint PRIMARY KEY, title text, body text, content_hash text)");
            s.execute("INSERT INTO documents SELECT g, 'title ' || g, 'body ' || g FROM generate_series(1, 250) g");
            s.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN RAISE EXCEPTION 'documents are frozen'; END $$");
            s.execute("CREATE TRIGGER frozen BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION refuse()");
        }
        Backfills backfills = Backfills.configure().dataSource(dataSource()).job(ProjectWithBackfill.DEFINITION).load();
        assertThatThrownBy(() -> backfills.run(ProjectWithBackfill.JOB, RunSettings.defaults().batchSize(100),
                new RunControl())).isInstanceOf(FerryException.class);

        String key = "backfill-failed:" + ProjectWithBackfill.JOB;
        Alert alert = Received.await(sink, key, true).alert();
        assertThat(alert.summary()).contains("documents are frozen");
        assertThat(alert.runbook()).isEqualTo(Profiles.PUBLIC_URL + "/runbooks/backfills#backfill-failed");
        assertThat(alert.details()).containsEntry("job", ProjectWithBackfill.JOB).containsEntry("state", "failed");

        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER frozen ON documents");
        }
        backfills.run(ProjectWithBackfill.JOB, RunSettings.defaults().batchSize(100), new RunControl());
        assertThat(Received.await(sink, key, false).alert().endsAt()).isNotNull();
    }
}
