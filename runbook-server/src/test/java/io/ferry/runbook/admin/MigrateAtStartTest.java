package io.ferry.runbook.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.Gate;
import io.ferry.runbook.testing.Migrations;
import io.ferry.runbook.testing.Profiles;
import io.ferry.runbook.testing.Server;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A server that migrates at start, a good project: ok; the admin token guards the retry; one run at a time; a
 * database migrated past the files is left alone. The tests share one server and build on its database, in order.
 */
@QuarkusTest
@TestProfile(Profiles.MigratesAtStart.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateAtStartTest {

    @ConfigProperty(name = "ferry.url")
    String url;
    @ConfigProperty(name = "ferry.user")
    Optional<String> user;
    @ConfigProperty(name = "ferry.password")
    Optional<String> password;
    @ConfigProperty(name = "ferry.project-dir")
    Path projectDir;

    @Test
    @Order(1)
    void theStartUpMigrationBringsTheDatabaseToHeadAndTheServerIsOkAndReady() throws Exception {
        JsonPath health = Server.awaitHealth("ok");
        assertThat(health.getString("database")).isEqualTo("ok");
        assertThat(health.getString("migrations")).isEqualTo("ok");
        assertThat(health.getList("current")).containsExactly("r2");
        assertThat(health.getList("heads")).containsExactly("r2");
        given().get("/health").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);

        given().accept("application/json").get("/admin/migrations").then().statusCode(200)
                .body("state", equalTo("ok"))
                .body("current", equalTo(List.of("r2")))
                .body("heads", equalTo(List.of("r2")))
                .body("pending", emptyIterable())
                .body("lastFailure", nullValue())
                .body("lock", nullValue());
        assertThat(Server.log(projectDir)).containsSubsequence("INFO " + MigrationRunner.STARTED,
                "INFO " + MigrationRunner.SUCCEEDED);
    }

    @Test
    @Order(2)
    void theRetryNeedsTheAdminToken() {
        given().post("/admin/migrations/retry").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body(not(containsString(Profiles.TOKEN)));
        given().header("Authorization", "Bearer wrong-" + Profiles.TOKEN).post("/admin/migrations/retry")
                .then().statusCode(401).body(not(containsString(Profiles.TOKEN)));
        given().header("Authorization", "Basic " + Profiles.TOKEN).post("/admin/migrations/retry")
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + Profiles.TOKEN).header("Origin", "https://elsewhere.example")
                .post("/admin/migrations/retry").then().statusCode(403);
    }

    @Test
    @Order(3)
    void aRetryWhileARunIsInProgressIsRefusedWith409() throws Exception {
        Server.awaitHealth("ok");
        // r3 waits at a gate the test holds: the run lasts until the test opens it.
        Migrations.revision(projectDir.resolve("migrations"), "r3", "r2", Gate.PASS);
        try (Connection gate = connect(); Statement s = gate.createStatement()) {
            s.execute("SELECT pg_advisory_lock(4242)");

            given().header("Authorization", "Bearer " + Profiles.TOKEN).post("/admin/migrations/retry")
                    .then().statusCode(202).body("state", equalTo("running"));
            Await.until("the run waits at the gate", () -> waitingAtGate(gate));
            given().header("Authorization", "Bearer " + Profiles.TOKEN).post("/admin/migrations/retry")
                    .then().statusCode(409).body("state", equalTo("running"));
            JsonPath health = Server.health();
            assertThat(health.getString("status")).isEqualTo("degraded");
            assertThat(health.getString("migrations")).isEqualTo("running");
            given().get("/q/health/ready").then().statusCode(503);

            // The migration-lock check names the holder, what its session does and the revision this server runs.
            List<String> row = awaitLockRow();
            assertThat(row.get(2)).isEqualTo("ferry");
            assertThat(row.subList(5, 8)).containsExactly("idle", "Client:ClientRead", "running r3 (this server's run)");
            given().accept("application/json").get("/admin/migrations").then()
                    .body("lock.revision", equalTo("r3")).body("lock.state", equalTo("idle"))
                    .body("lock.waitEvent", equalTo("Client:ClientRead"));

            s.execute("SELECT pg_advisory_unlock(4242)");
        }
        JsonPath health = Server.awaitHealth("ok");
        assertThat(health.getList("current")).containsExactly("r3");
        assertThat(health.getList("heads")).containsExactly("r3");
    }

    @Test
    @Order(4)
    void aDatabaseThatANewerReleaseMigratedIsLeftAsItIsAndTheServerStaysReady() throws Exception {
        String head = Server.awaitHealth("ok").getList("current", String.class).get(0);
        // The newer release applies its revision...
        Path newer = Migrations.revision(projectDir.resolve("migrations"), "newer1", head,
                "CREATE TABLE newer_release (id int);");
        retry();
        assertThat(Server.awaitHealth("ok").getList("current")).containsExactly("newer1");

        // ...and traffic goes back to the older one, whose files end at the previous head (a blue-green rollback).
        Files.delete(newer);
        retry();
        Await.until("the run says there is nothing to run",
                () -> Server.log(projectDir).stream().anyMatch(line -> line.contains(MigrationRunner.SUCCEEDED
                        + ": nothing to run, the database is at newer1")));
        JsonPath health = Server.awaitHealth("ok");
        assertThat(health.getList("current")).containsExactly("newer1");
        assertThat(health.getList("heads")).containsExactly(head);
        given().get("/q/health/ready").then().statusCode(200);
        given().accept("application/json").get("/admin/migrations").then().body("lastFailure", nullValue());
    }

    /** The migration-lock check's row, once a refresh has seen the lock held. */
    private static List<String> awaitLockRow() throws Exception {
        List<List<String>> rows = new java.util.ArrayList<>();
        Await.until("the migration-lock check shows the holder", () -> {
            rows.clear();
            rows.addAll(given().get("/api/status").then().extract().jsonPath()
                    .getList("checks.migration-lock.rows"));
            return rows.size() == 1 && rows.get(0).get(7).startsWith("running");
        });
        return rows.get(0);
    }

    private static void retry() throws Exception {
        Server.awaitMigrations("ok");
        given().header("Authorization", "Bearer " + Profiles.TOKEN).post("/admin/migrations/retry")
                .then().statusCode(202);
        Server.awaitMigrations("ok");
    }

    private static boolean waitingAtGate(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks"
                + " WHERE locktype = 'advisory' AND NOT granted AND objid = 4242")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(url, user.orElse(null), password.orElse(null));
    }
}
