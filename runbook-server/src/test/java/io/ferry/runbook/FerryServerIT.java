package io.ferry.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.migration.testing.Await;
import io.ferry.runbook.testing.Migrations;
import io.ferry.runbook.testing.ProcessDatabase;
import io.ferry.runbook.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ferry-server} as an operator starts it, a process of its own from the built application: on a
 * database given by {@code --url}, and on a project with no URL anywhere, which gets the project's embedded
 * PostgreSQL for the server's life. Runs after package.
 */
class FerryServerIT {

    @TempDir
    Path project;

    private ServerProcess server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void startedWithUrlAndMigrateAtStartItMigratesAndReportsOk() throws Exception {
        try (ProcessDatabase database = ProcessDatabase.create("srv_it_")) {
            Migrations.revision(project.resolve("db"), "r1", "base", "CREATE TABLE accounts (id bigint PRIMARY KEY);");
            Migrations.revision(project.resolve("db"), "r2", "r1", "ALTER TABLE accounts ADD COLUMN email text;");
            List<String> args = new ArrayList<>(database.options());
            args.addAll(List.of("--dir", "db", "--migrate-at-start", "--refresh", "1s"));
            server = ServerProcess.start(project, ServerProcess.freePort(), args, database.environment());

            JsonNode health = server.awaitHealth("ok");
            assertThat(health.get("database").asText()).isEqualTo("ok");
            assertThat(health.get("current").toString()).isEqualTo("[\"r2\"]");
            assertThat(server.log()).contains("🔄 Running database migrations...",
                    "✅ Database migrations completed successfully");
            assertThat(Files.exists(project.resolve(".ferry/admin-token"))).isTrue();
            if (database.password() != null) {
                assertThat(server.log()).doesNotContain(database.password());
            }
            server.stop();
        }
    }

    @Test
    void withNoUrlAnywhereItUsesTheProjectsEmbeddedDatabaseAndStopsItWhenItStops() throws Exception {
        Files.writeString(project.resolve("ferry.yaml"), "dirs: [db]\n");
        Migrations.revision(project.resolve("db"), "r1", "base", "CREATE TABLE notes (id bigint PRIMARY KEY);");
        server = ServerProcess.start(project, ServerProcess.freePort(), List.of("--migrate-at-start"), Map.of());

        JsonNode health = server.awaitHealth("ok");
        assertThat(health.get("current").toString()).isEqualTo("[\"r1\"]");
        Path pidFile = project.resolve(".ferry/pg/postmaster.pid");
        assertThat(pidFile).exists();
        // The workspace's notes are log lines of the server, not the command line's "ferry: " lines.
        assertThat(server.log()).contains("using the embedded PostgreSQL in .ferry/pg");
        assertThat(server.log().lines()).noneMatch(line -> line.startsWith("ferry: "));

        server.stop();
        Await.until("the embedded PostgreSQL started for the server stops with it", () -> !Files.exists(pidFile));
    }
}
