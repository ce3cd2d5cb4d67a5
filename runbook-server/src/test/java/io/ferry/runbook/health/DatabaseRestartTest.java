package io.ferry.runbook.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.ferry.migration.testing.Await;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import io.ferry.runbook.testing.Profiles;
import io.ferry.runbook.testing.Server;
import io.ferry.runbook.testing.ServerDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The database stopped and started again: the server says down (503), keeps answering, then ok again. */
@QuarkusTest
@TestProfile(Profiles.OwnServer.class)
class DatabaseRestartTest {

    @Inject
    SnapshotRefresher snapshots;

    @Test
    void theServerIsDownWhileTheDatabaseIsAndOkOnceItIsBack() throws Exception {
        Server.awaitHealth("ok");

        ServerDatabase.stopDedicated();
        JsonPath down;
        try {
            down = Server.awaitHealth("down");
            given().get("/health").then().statusCode(503).body("database", equalTo("unreachable"));
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
            // A refresh during the shutdown may see its session end (connection-lost); once the server is
            // gone, connections are refused.
            Await.until("the snapshot says connections are refused", () ->
                    "connection-refused".equals(snapshots.current().database().errorCode()));
            Snapshot.Database database = snapshots.current().database();
            assertThat(database.reachable()).isFalse();
            assertThat(database.errorMessage()).isNotBlank();
            // What was known of the migrations stays, from the snapshot.
            given().accept("application/json").get("/admin/migrations").then().statusCode(200)
                    .body("state", equalTo("ok"));
        } finally {
            ServerDatabase.startDedicated();
        }
        assertThat(down.getString("database")).isEqualTo("unreachable");
        assertThat(down.getList("current")).containsExactly("r2");

        JsonPath ok = Server.awaitHealth("ok");
        assertThat(ok.getString("database")).isEqualTo("ok");
        Snapshot.Database database = snapshots.current().database();
        assertThat(database.serverVersion()).startsWith("17");
        assertThat(database.latencyMs()).isNotNegative();
        assertThat(database.errorCode()).isNull();
        assertThat(ok.getList("current")).containsExactly("r2");
        given().get("/q/health/ready").then().statusCode(200);
    }
}
