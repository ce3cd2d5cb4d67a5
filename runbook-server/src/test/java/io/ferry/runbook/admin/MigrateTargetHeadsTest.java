package io.ferry.runbook.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runbook.testing.Migrations;
import io.ferry.runbook.testing.Profiles;
import io.ferry.runbook.testing.Server;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ferry.migrate-target=heads} on a project of two branches: the start-up run applies both heads (with
 * {@code head} it would fail with {@code multiple-heads}) and the server is ok; a retry after a third branch is
 * added applies that one too. The tests share one server, in order.
 */
@QuarkusTest
@TestProfile(Profiles.TwoHeadsAtStart.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateTargetHeadsTest {

    @ConfigProperty(name = "ferry.project-dir")
    Path projectDir;

    @Test
    @Order(1)
    void theStartUpRunAppliesEveryHeadOfAProjectWithTwoBranches() throws Exception {
        JsonPath health = Server.awaitHealth("ok");
        assertThat(health.getString("migrations")).isEqualTo("ok");
        assertThat(health.getList("current", String.class)).containsExactlyInAnyOrder("left", "right");
        assertThat(health.getList("heads", String.class)).containsExactlyInAnyOrder("left", "right");
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(given().accept("text/html").get("/admin/migrations").asString())
                .as("the dashboard's Retry note names the target").contains("Runs <code>upgrade heads</code> again");
        assertThat(Server.log(projectDir)).containsSubsequence("INFO " + MigrationRunner.STARTED,
                "INFO " + MigrationRunner.SUCCEEDED).noneMatch(line -> line.contains("multiple-heads"));
    }

    @Test
    @Order(2)
    void theRetryUpgradesToEveryHeadToo() throws Exception {
        Server.awaitMigrations("ok");
        Migrations.revision(projectDir.resolve("migrations"), "third", "r1", "CREATE TABLE notes (id bigint);");
        Server.awaitMigrations("pending");
        given().header("Authorization", "Bearer " + Profiles.TOKEN).post("/admin/migrations/retry")
                .then().statusCode(202);
        JsonPath health = Server.awaitHealth("ok");
        assertThat(health.getList("current", String.class)).containsExactlyInAnyOrder("left", "right", "third");
    }
}
