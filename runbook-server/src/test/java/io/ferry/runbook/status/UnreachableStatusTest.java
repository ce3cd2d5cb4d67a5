package io.ferry.runbook.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** No database configured (the default test configuration): /api/status still answers, and says so. */
@QuarkusTest
class UnreachableStatusTest {

    @Test
    void theStatusAnswersWhileTheDatabaseDoesNot() {
        JsonPath status = given().get("/api/status").then().statusCode(200).extract().jsonPath();
        assertThat(status.getBoolean("database.reachable")).isFalse();
        assertThat(status.getString("database.errorCode")).isEqualTo("invalid-configuration");
        assertThat(status.getList("blockers")).isEmpty();
        assertThat(status.getString("connections")).isNull();
        assertThat(status.getString("checks.database.status")).isEqualTo("failing");
        assertThat(status.getString("checks.database.summary")).isEqualTo("unreachable: invalid-configuration");
        assertThat(status.getString("checks.blockers.status")).isEqualTo("warning");
        assertThat(status.getString("checks.blockers.summary")).isEqualTo("unknown: the database does not answer");
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("(?m)^ferry_database_up(\\{[^}]*\\})? 0\\.0$");
    }
}
