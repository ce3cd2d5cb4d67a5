package io.ferry.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.PostgresServer;
import io.ferry.runbook.testing.Migrations;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ferry-server} as an operator starts it, a process of its own from the built application: on a
 * database given by {@code --url}, and on a project with no URL anywhere, which gets the project's embedded
 * PostgreSQL for the server's life. Runs after package.
 */
class FerryServerIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The variables that would give the server a database or settings other than the test's. */
    private static final List<String> CLEARED = List.of("FERRY_URL", "DATABASE_URL", "FERRY_USER", "FERRY_PASSWORD",
            "FERRY_DIR", "FERRY_CONFIG", "FERRY_SERVER_PORT", "FERRY_MIGRATE_AT_START", "FERRY_ADMIN_TOKEN",
            "FERRY_REFRESH", "FERRY_PUBLIC_URL", "FERRY_CONNECT_TIMEOUT");

    @TempDir
    Path project;

    private Process server;
    private Path output;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(90, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void startedWithUrlAndMigrateAtStartItMigratesAndReportsOk() throws Exception {
        PostgresServer postgres = PostgresServer.start();
        String database = "srv_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = postgres.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        try {
            Migrations.revision(project.resolve("db"), "r1", "base", "CREATE TABLE accounts (id bigint PRIMARY KEY);");
            Migrations.revision(project.resolve("db"), "r2", "r1", "ALTER TABLE accounts ADD COLUMN email text;");
            int port = freePort();
            List<String> args = new ArrayList<>(List.of("--url", postgres.url(database), "--dir", "db",
                    "--port", Integer.toString(port), "--migrate-at-start", "--refresh", "1s"));
            if (postgres.user() != null) {
                args.addAll(List.of("--user", postgres.user()));
            }
            Map<String, String> env = postgres.password() == null ? Map.of()
                    : Map.of("FERRY_PASSWORD", postgres.password());
            start(args, env);

            JsonNode health = awaitHealth(port, "ok");
            assertThat(health.get("database").asText()).isEqualTo("ok");
            assertThat(health.get("current").toString()).isEqualTo("[\"r2\"]");
            assertThat(log()).contains("🔄 Running database migrations...",
                    "✅ Database migrations completed successfully");
            assertThat(Files.exists(project.resolve(".ferry/admin-token"))).isTrue();
            if (postgres.password() != null) {
                assertThat(log()).doesNotContain(postgres.password());
            }
            stop();
        } finally {
            try (Connection c = postgres.connectAdmin(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void withNoUrlAnywhereItUsesTheProjectsEmbeddedDatabaseAndStopsItWhenItStops() throws Exception {
        Files.writeString(project.resolve("ferry.yaml"), "dirs: [db]\n");
        Migrations.revision(project.resolve("db"), "r1", "base", "CREATE TABLE notes (id bigint PRIMARY KEY);");
        int port = freePort();
        start(List.of("--port", Integer.toString(port), "--migrate-at-start"), Map.of());

        JsonNode health = awaitHealth(port, "ok");
        assertThat(health.get("current").toString()).isEqualTo("[\"r1\"]");
        Path pidFile = project.resolve(".ferry/pg/postmaster.pid");
        assertThat(pidFile).exists();
        // The workspace's notes are log lines of the server, not the command line's "ferry: " lines.
        assertThat(log()).contains("using the embedded PostgreSQL in .ferry/pg");
        assertThat(log().lines()).noneMatch(line -> line.startsWith("ferry: "));

        stop();
        Await.until("the embedded PostgreSQL started for the server stops with it", () -> !Files.exists(pidFile));
    }

    private void start(List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("ferry-server").toString());
        command.addAll(args);
        output = project.resolve("server-output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        CLEARED.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        server = builder.start();
    }

    /** Ends the server as a supervisor does (SIGTERM) and waits until the process is gone. */
    private void stop() throws InterruptedException {
        server.destroy();
        assertThat(server.waitFor(90, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
    }

    private String log() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private JsonNode awaitHealth(int port, String status) throws Exception {
        JsonNode[] last = new JsonNode[1];
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build();
        Await.until("/health of the server on port " + port + " says " + status, () -> {
            if (!server.isAlive()) {
                throw new AssertionError("the server ended with exit code " + server.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                last[0] = JSON.readTree(response.body());
                return status.equals(last[0].path("status").asText());
            } catch (IOException notListeningYet) {
                return false;
            }
        });
        return last[0];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
