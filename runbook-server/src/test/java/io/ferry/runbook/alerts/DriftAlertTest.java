package io.ferry.runbook.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.alerts.Alert;
import io.ferry.migration.testing.Await;
import io.ferry.runbook.testing.Profiles;
import io.ferry.runbook.testing.RecordingSink;
import io.ferry.runbook.testing.ServerConnections;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduled drift check (every second in this profile, on the test server as its scratch server): a column
 * changed by hand turns the {@code drift} check to warning, listing it, and fires {@code schema-out-of-sync};
 * put back, the check is ok again and the alert resolves.
 */
@QuarkusTest
@TestProfile(Profiles.Drift.class)
class DriftAlertTest {


    @Inject
    RecordingSink sink;
    @Inject
    ServerConnections database;

    private static JsonPath drift() {
        return given().get("/api/status").then().statusCode(200).extract().jsonPath().setRootPath("checks.drift");
    }

    private void execute(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void aColumnChangedByHandShowsAsDriftAndFiresSchemaOutOfSyncUntilItIsPutBack() throws Exception {
        Await.until("the drift check finds no drift", () -> "ok".equals(drift().getString("status")));
        assertThat(drift().getString("summary")).startsWith("no drift").contains("checked at");

        execute("ALTER TABLE accounts ALTER COLUMN email TYPE varchar(80)");
        Await.until("the drift check lists the column", () -> "warning".equals(drift().getString("status")));
        JsonPath warning = drift();
        List<List<String>> rows = warning.getList("rows");
        assertThat(rows).singleElement().satisfies(row -> assertThat(row.get(0)).contains("email"));

        String key = "schema-out-of-sync:" + database.name();
        Alert fired = Received.await(sink, key, true).alert();
        assertThat(fired.summary()).contains("the schema differs from what the applied revisions produce")
                .contains("email");
        assertThat(fired.details()).containsKey("differences");
        assertThat(fired.runbook()).endsWith("/runbooks/alerts#schema-out-of-sync");

        execute("ALTER TABLE accounts ALTER COLUMN email TYPE text");
        Await.until("the drift check is ok again", () -> "ok".equals(drift().getString("status")));
        Received.await(sink, key, false);
    }
}
