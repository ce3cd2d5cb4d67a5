package io.ferry.runbook.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runbook.snapshot.RunTracker;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import io.ferry.runbook.testing.Migrations;
import io.ferry.runbook.testing.Profiles;
import io.ferry.runbook.testing.RecordingSink;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The server's own migration run fails at start: {@code migration-failed} reaches the sink with the refresh that
 * run ends with, not at a scheduled refresh (the profile's come once an hour); a retry after the fix sends the
 * resolve.
 */
@QuarkusTest
@TestProfile(Profiles.AlertsAtStart.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationAlertTest {

    @ConfigProperty(name = "ferry.project-dir")
    Path projectDir;
    @Inject
    RecordingSink sink;
    @Inject
    RunTracker runs;
    @Inject
    SnapshotRefresher snapshots;

    @Test
    @Order(1)
    void aFailedStartUpMigrationIsSentAtOnce() throws Exception {
        RecordingSink.Received fired = Received.await(sink, "migration-failed:r2", true, Duration.ofMinutes(1));
        Instant failedAt = runs.lastFailure().orElseThrow().failedAt();
        assertThat(fired.at()).as("sent once the run had failed").isAfterOrEqualTo(failedAt);
        assertThat(snapshots.refreshes()).as("refreshes so far: the first, before the server took requests, and the"
                + " one the failed run ended with; no scheduled one").isEqualTo(2);
        assertThat(fired.alert().summary()).contains("revision r2 (migration-failed)", "acounts");
        assertThat(fired.alert().runbook()).isEqualTo(Profiles.PUBLIC_URL + "/runbooks/running#migration-failed");
        assertThat(fired.alert().details()).containsEntry("code", "migration-failed").containsEntry("revision", "r2")
                .containsKeys("database", "subject", "current", "target", "message", "hint");
        assertThat(sink.received()).as("sent once").hasSize(1);
    }

    @Test
    @Order(2)
    void fixingTheFileAndRetryingSendsTheResolve() throws Exception {
        Migrations.revision(projectDir.resolve("migrations"), "r2", "r1", "ALTER TABLE accounts ADD COLUMN email text;");
        given().header("Authorization", "Bearer " + Profiles.ALERTS_TOKEN).header("Origin", "http://localhost:" + RestAssured.port)
                .post("/admin/migrations/retry").then().statusCode(202);
        RecordingSink.Received resolved = Received.await(sink, "migration-failed:r2", false, Duration.ofMinutes(1));
        assertThat(resolved.alert().endsAt()).isNotNull();
        assertThat(resolved.alert().startsAt()).isEqualTo(sink.received().get(0).alert().startsAt());
    }
}
