package io.ferry.runbook.testing;

import static io.restassured.RestAssured.given;

import io.ferry.migration.testing.Await;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the tests ask the running server, and where its project and log are. */
public final class Server {

    private Server() {
    }

    /** {@code GET /health}'s body, whatever its status. */
    public static JsonPath health() {
        return given().get("/health").then().extract().jsonPath();
    }

    /** Polls {@code /health} until its status is {@code status}. */
    public static JsonPath awaitHealth(String status) throws Exception {
        return awaitHealth("status", status);
    }

    /** Polls {@code /health} until the migrations are {@code state}. */
    public static JsonPath awaitMigrations(String state) throws Exception {
        return awaitHealth("migrations", state);
    }

    private static JsonPath awaitHealth(String field, String value) throws Exception {
        JsonPath[] last = new JsonPath[1];
        Await.until("/health says " + field + " " + value, () -> {
            last[0] = health();
            return value.equals(last[0].getString(field));
        });
        return last[0];
    }

    /** The lines of the server's log file ({@code %p %s}: level, message). */
    public static List<String> log(Path projectDir) throws IOException {
        Path file = projectDir.resolve("server.log");
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** The log's lines about migration runs, the ones operators' alerts match (🔄, ✅, ❌, 🚨), in order. */
    public static List<String> migrationLines(Path projectDir) throws IOException {
        return log(projectDir).stream().filter(line -> line.matches("\\w+ (🔄|✅|❌|🚨) .*")).toList();
    }
}
