package io.ferry.runbook.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.ferry.migration.testing.Await;
import io.ferry.runbook.testing.Migrations;
import io.ferry.runbook.testing.Profiles;
import io.ferry.runbook.testing.Server;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A start-up migration that fails: the server comes up degraded and says why, with the lines operators'
 * alerts match; once the file is fixed, a retry brings it to ok.
 */
@QuarkusTest
@TestProfile(Profiles.FailsAtStart.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailedStartupMigrationTest {

    @ConfigProperty(name = "ferry.project-dir")
    Path projectDir;

    @Test
    @Order(1)
    void theServerComesUpDegradedNotReadyAndLogsTheFailure() throws Exception {
        JsonPath health = Server.awaitMigrations("failed");
        given().get("/health").then().statusCode(200);
        assertThat(health.getString("status")).isEqualTo("degraded");
        assertThat(health.getString("database")).isEqualTo("ok");
        assertThat(health.getList("current")).containsExactly("r1");
        assertThat(health.getList("heads")).containsExactly("r2");
        given().get("/q/health/ready").then().statusCode(503);
        given().get("/q/health/live").then().statusCode(200);

        Await.until("the failure is logged", () -> Server.log(projectDir).contains("INFO " + MigrationRunner.DEGRADED));
        List<String> log = Server.migrationLines(projectDir);
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).isEqualTo("INFO " + MigrationRunner.STARTED);
        assertThat(log.get(1)).startsWith("INFO ❌ Database migrations failed: migration-failed: ")
                .contains("r2", "relation \"acounts\" does not exist");
        assertThat(log.get(2)).isEqualTo("INFO " + MigrationRunner.DEGRADED);
        assertThat(log).doesNotContain("INFO " + MigrationRunner.SUCCEEDED);
    }

    @Test
    @Order(2)
    void theLastFailureSaysWhatFailedWhatToDoAndWhereTheRunbookIs() {
        JsonPath body = given().accept("application/json").get("/admin/migrations").then().statusCode(200)
                .body("state", equalTo("failed"))
                .body("current", equalTo(List.of("r1")))
                .body("heads", equalTo(List.of("r2")))
                .extract().jsonPath();
        Map<String, Object> pending = body.getMap("pending[0]");
        assertThat(pending).containsEntry("id", "r2").containsEntry("message", "add r2");
        assertThat((String) pending.get("file")).endsWith("r2.sql");
        Map<String, Object> failure = body.getMap("lastFailure");
        assertThat(failure).containsEntry("revision", "r2").containsEntry("code", "migration-failed")
                .containsEntry("runbook", "/runbooks/running#migration-failed");
        assertThat((String) failure.get("message")).contains("relation \"acounts\" does not exist");
        assertThat((String) failure.get("hint")).isNotBlank();
        assertThat((String) failure.get("at")).isNotBlank();
        assertThat(body.getString("lock")).isNull();
    }

    @Test
    @Order(3)
    void theGeneratedTokenIsInAnOwnerOnlyFileAndNeverInTheLog() throws Exception {
        Path file = projectDir.resolve(".ferry/admin-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String token = Files.readString(file).strip();
        assertThat(token).hasSize(43); // 32 bytes, base64url without padding
        assertThat(Server.log(projectDir)).anyMatch(line -> line.contains(file.toString()))
                .noneMatch(line -> line.contains(token));
        given().header("Authorization", "Bearer " + token.substring(1)).post("/admin/migrations/retry")
                .then().statusCode(401);
    }

    @Test
    @Order(4)
    void aRetryAfterTheFileIsFixedTurnsTheServerOk() throws Exception {
        String token = Files.readString(projectDir.resolve(".ferry/admin-token")).strip();
        Migrations.revision(projectDir.resolve("migrations"), "r2", "r1", "ALTER TABLE accounts ADD COLUMN email text;");
        given().header("Authorization", "Bearer " + token).header("Origin", "http://localhost:" + RestAssured.port)
                .post("/admin/migrations/retry").then().statusCode(202).body("state", equalTo("running"));

        JsonPath health = Server.awaitHealth("ok");
        assertThat(health.getList("current")).containsExactly("r2");
        given().get("/q/health/ready").then().statusCode(200);
        given().accept("application/json").get("/admin/migrations").then().statusCode(200)
                .body("state", equalTo("ok")).body("lastFailure", equalTo(null));
        assertThat(Server.log(projectDir)).contains("INFO " + MigrationRunner.SUCCEEDED)
                .noneMatch(line -> line.contains(token));
    }
}
