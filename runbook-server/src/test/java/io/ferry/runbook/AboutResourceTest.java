package io.ferry.runbook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AboutResourceTest {

    @Test
    void theServerStartsAndSaysWhatItIs() {
        given().when().get("/api/about")
                .then().statusCode(200)
                .body("name", equalTo("ferry-runbook-server"));
    }
}
