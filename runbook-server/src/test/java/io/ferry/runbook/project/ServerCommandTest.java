package io.ferry.runbook.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./ferry-server's command line, read without starting anything: flags win over environment variables,
 * which win over ferry.yaml; --help prints the usage; a line or project that cannot be read stops it with
 * ferry's error lines and exit code before the server starts.
 */
class ServerCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private ServerCommand.Outcome prepare(Map<String, String> env, String... args) {
        return FerryServerMain.prepare(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path projectFile() throws IOException {
        return Files.writeString(dir.resolve("ferry.yaml"), "url: jdbc:postgresql://from-file:5432/app\n"
                + "dirs: [from-file]\nschema: file_schema\n");
    }

    private Workspace workspace(ServerCommand.Outcome outcome, Map<String, String> env) {
        assertThat(outcome.starts()).as("starts; stderr: %s", err).isTrue();
        return outcome.launch().workspace(env, new PrintWriter(err, true));
    }

    @Test
    void aFlagWinsOverItsVariableWhichWinsOverFerryYaml() throws Exception {
        Path file = projectFile();
        Map<String, String> noEnv = Map.of("FERRY_CONFIG", file.toString());
        try (Workspace w = workspace(prepare(noEnv), noEnv)) {
            assertThat(w.givenConnection().orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://from-file:5432/app");
            assertThat(w.dirs()).containsExactly(dir.resolve("from-file").toAbsolutePath());
            assertThat(w.schema()).isEqualTo("file_schema");
        }
        Map<String, String> env = Map.of("FERRY_CONFIG", file.toString(),
                "FERRY_URL", "jdbc:postgresql://from-env:5432/app", "FERRY_DIR", "from-env");
        try (Workspace w = workspace(prepare(env), env)) {
            assertThat(w.givenConnection().orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://from-env:5432/app");
            assertThat(w.dirs()).containsExactly(Path.of("from-env"));
        }
        try (Workspace w = workspace(prepare(env, "--url", "postgres://flag-user@from-flag:6432/app", "--dir", "a,b",
                "--schema", "flag_schema"), env)) {
            assertThat(w.givenConnection().orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://from-flag:6432/app");
            assertThat(w.givenConnection().orElseThrow().user()).isEqualTo("flag-user");
            assertThat(w.dirs()).containsExactly(Path.of("a"), Path.of("b"));
            assertThat(w.schema()).isEqualTo("flag_schema");
        }
        Map<String, String> herokuStyle = Map.of("FERRY_CONFIG", file.toString(),
                "DATABASE_URL", "postgres://app@from-database-url/app");
        try (Workspace w = workspace(prepare(herokuStyle), herokuStyle)) {
            assertThat(w.givenConnection().orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://from-database-url:5432/app");
        }
    }

    @Test
    void theConnectionAndRunOptionsReachTheWorkspaceAsGiven() {
        ServerCommand.Outcome outcome = prepare(Map.of(), "--url", "jdbc:postgresql://db:5432/app", "--user", "u",
                "--connect-timeout", "3s", "--lock-wait", "2min", "--lock-timeout", "500ms", "--retries", "4",
                "--flyway", "--placeholder", "tenant=acme");
        assertThat(outcome.starts()).as("stderr: %s", err).isTrue();
        ServerLaunch launch = outcome.launch();
        assertThat(launch.connection().user()).isEqualTo("u");
        assertThat(launch.connection().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(launch.run().lockWait()).isEqualTo(Duration.ofMinutes(2));
        assertThat(launch.run().lockTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(launch.run().retries()).isEqualTo(4);
        assertThat(launch.project().flyway()).isTrue();
        assertThat(launch.project().placeholders()).containsEntry("tenant", "acme");
    }

    @Test
    void thePortIsTheFlagThenFerryServerPortThen8080() {
        assertThat(prepare(Map.of()).launch().quarkusConfig()).containsEntry("quarkus.http.port", "8080");
        assertThat(prepare(Map.of("FERRY_SERVER_PORT", "9091")).launch().port()).isEqualTo(9091);
        ServerCommand.Outcome flag = prepare(Map.of("FERRY_SERVER_PORT", "9091"), "--port", "9092");
        assertThat(flag.launch().port()).isEqualTo(9092);
        assertThat(flag.launch().quarkusConfig()).containsEntry("quarkus.http.port", "9092");
    }

    @Test
    void migratingAtStartAndTheRefreshFollowTheSameOrder() {
        ServerLaunch none = prepare(Map.of()).launch();
        assertThat(none.migrateAtStart()).isFalse();
        assertThat(none.refresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(prepare(Map.of("FERRY_MIGRATE_AT_START", "true")).launch().migrateAtStart()).isTrue();
        assertThat(prepare(Map.of(), "--migrate-at-start").launch().migrateAtStart()).isTrue();
        assertThat(prepare(Map.of("FERRY_MIGRATE_AT_START", "true"), "--migrate-at-start=false").launch()
                .migrateAtStart()).isFalse();
        ServerLaunch refresh = prepare(Map.of("FERRY_REFRESH", "2s"), "--refresh", "250ms").launch();
        assertThat(refresh.refresh()).isEqualTo(Duration.ofMillis(250));
        assertThat(refresh.quarkusConfig()).containsEntry("ferry.refresh", "250ms")
                .containsEntry("ferry.migrate-at-start", "false");
        assertThat(prepare(Map.of("FERRY_REFRESH", "2s")).launch().refresh()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theMigrateTargetIsTheFlagThenFerryMigrateTargetThenHead() {
        ServerLaunch none = prepare(Map.of()).launch();
        assertThat(none.migrateTarget()).isEqualTo(MigrateTarget.HEAD);
        assertThat(none.quarkusConfig()).containsEntry("ferry.migrate-target", "head");
        assertThat(prepare(Map.of("FERRY_MIGRATE_TARGET", "heads")).launch().migrateTarget())
                .isEqualTo(MigrateTarget.HEADS);
        ServerLaunch flag = prepare(Map.of("FERRY_MIGRATE_TARGET", "heads"), "--migrate-target", "head").launch();
        assertThat(flag.migrateTarget()).isEqualTo(MigrateTarget.HEAD);
        assertThat(prepare(Map.of(), "--migrate-target", "heads").launch().quarkusConfig())
                .containsEntry("ferry.migrate-target", "heads");
    }

    @Test
    void aMigrateTargetOtherThanHeadOrHeadsStopsItWithExitTwo() {
        ServerCommand.Outcome flag = prepare(Map.of(), "--migrate-target", "r3");
        assertThat(flag.starts()).isFalse();
        assertThat(flag.exitCode()).isEqualTo(2);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("error[invalid-usage]: ").contains("--migrate-target", "'r3'",
                "give head", "or heads");
        assertThat(lines.get(0)).doesNotContain("\n");

        err.getBuffer().setLength(0);
        ServerCommand.Outcome env = prepare(Map.of("FERRY_MIGRATE_TARGET", "latest"));
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(err.toString().lines().toList()).first()
                .isEqualTo("error[invalid-configuration]: FERRY_MIGRATE_TARGET is 'latest', not head or heads");
    }

    @Test
    void theAlertTimingsAreTheFlagThenTheVariableThenTheDefault() {
        assertThat(prepare(Map.of()).launch().alerts()).isEqualTo(AlertTimings.DEFAULTS);
        ServerLaunch given = prepare(Map.of("FERRY_ALERTS_PROBE_INTERVAL", "2s", "FERRY_ALERTS_PROBE_FAILURES", "5",
                "FERRY_ALERTS_STUCK_AFTER", "1h"), "--probe-interval", "500ms", "--stalled-after", "30min").launch();
        assertThat(given.alerts()).isEqualTo(new AlertTimings(Duration.ofMillis(500), 5, Duration.ofHours(1),
                Duration.ofMinutes(30)));
        assertThat(given.quarkusConfig()).containsEntry("ferry.alerts.probe-interval", "500ms")
                .containsEntry("ferry.alerts.probe-failures", "5").containsEntry("ferry.alerts.stuck-after", "3600000ms")
                .containsEntry("ferry.alerts.stalled-after", "1800000ms");
        ServerCommand.Outcome zero = prepare(Map.of(), "--probe-failures", "0");
        assertThat(zero.starts()).isFalse();
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error[invalid-configuration]: --probe-failures must be 1 or more");
    }

    @Test
    void theDriftIntervalAndDevUrlAreTheFlagThenTheVariableThenTheDefault() {
        ServerLaunch none = prepare(Map.of()).launch();
        assertThat(none.driftInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(none.devUrl()).isNull();
        assertThat(none.quarkusConfig()).containsEntry("ferry.drift.interval", "600000ms");
        ServerLaunch given = prepare(Map.of("FERRY_DRIFT_INTERVAL", "1h", "FERRY_DEV_URL", "postgres://me:pw@dev/postgres"),
                "--drift-interval", "30s").launch();
        assertThat(given.driftInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(given.devUrl()).isEqualTo("postgres://me:pw@dev/postgres");
        assertThat(given.quarkusConfig()).containsEntry("ferry.drift.interval", "30000ms")
                .as("the URL's password stays out of the configuration").doesNotContainValue("postgres://me:pw@dev/postgres");
        assertThat(prepare(Map.of("FERRY_DRIFT_INTERVAL", "off")).launch().quarkusConfig())
                .containsEntry("ferry.drift.interval", "off");
        assertThat(prepare(Map.of(), "--drift-interval", "0", "--dev-url", "postgres://a@b/c").launch())
                .satisfies(l -> assertThat(l.driftInterval()).isZero())
                .satisfies(l -> assertThat(l.devUrl()).isEqualTo("postgres://a@b/c"));
        ServerCommand.Outcome bad = prepare(Map.of(), "--drift-interval", "often");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error[invalid-configuration]: --drift-interval is 'often'");
    }

    @Test
    void helpPrintsTheUsageAndExitsZeroWithoutStarting() {
        ServerCommand.Outcome outcome = prepare(Map.of(), "--help");
        assertThat(outcome.starts()).isFalse();
        assertThat(outcome.exitCode()).isZero();
        assertThat(out.toString()).startsWith("Usage: ferry-server")
                .contains("--url=URL", "--dir=DIR", "--config=FILE", "--port=PORT", "--migrate-at-start",
                        "--migrate-target=head|heads", "FERRY_MIGRATE_TARGET",
                        "--lock-wait=DURATION", "FERRY_SERVER_PORT", "DATABASE_URL");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aMistypedFlagPrintsFerrysErrorLinesAndExitsTwoWithoutStarting() {
        ServerCommand.Outcome outcome = prepare(Map.of(), "--migrate-on-start", "--port", "9090");
        assertThat(outcome.starts()).isFalse();
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(err.toString().lines().toList()).containsExactly(
                "error[invalid-usage]: Unknown option: '--migrate-on-start'",
                "hint: did you mean '--migrate-at-start' or '--migrate-target'? See 'ferry-server --help'",
                "see: docs/runbooks/command-line.md#invalid-usage");
        assertThat(out.toString()).isEmpty();
        assertThat(ServerLaunch.current()).isEmpty();
    }

    @Test
    void aValueOfTheWrongKindIsInvalidUsageToo() {
        ServerCommand.Outcome outcome = prepare(Map.of(), "--lock-wait", "soon");
        assertThat(outcome.exitCode()).isEqualTo(2);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("error[invalid-usage]: ").contains("--lock-wait", "soon");
        assertThat(lines.get(1)).isEqualTo("hint: see 'ferry-server --help'");
        assertThat(lines.get(2)).isEqualTo("see: docs/runbooks/command-line.md#invalid-usage");
    }

    @Test
    void aBadServerVariableStopsItWithInvalidConfiguration() {
        ServerCommand.Outcome outcome = prepare(Map.of("FERRY_SERVER_PORT", "eighty"));
        assertThat(outcome.starts()).isFalse();
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(err.toString().lines().toList()).containsExactly(
                "error[invalid-configuration]: FERRY_SERVER_PORT is 'eighty', not a port number, for example 8080",
                "hint: correct or unset FERRY_SERVER_PORT",
                "see: docs/runbooks/configuration.md#invalid-configuration");
    }

    @Test
    void aMissingProjectFileStopsItBeforeItStarts() {
        ServerCommand.Outcome outcome = prepare(Map.of(), "--config", dir.resolve("nowhere.yaml").toString());
        assertThat(outcome.starts()).isFalse();
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error[invalid-configuration]: project file ")
                .contains("nowhere.yaml does not exist", "hint: check the --config path");
    }

    @Test
    void aPasswordInAnUnusableUrlIsNotPrinted() {
        ServerCommand.Outcome outcome = prepare(Map.of(), "--url", "postgres://app:s3cret-pw@/app");
        assertThat(outcome.starts()).isFalse();
        assertThat(err.toString()).startsWith("error[invalid-configuration]: database URL ")
                .doesNotContain("s3cret-pw");
    }

    @Test
    void anAlertSinkNamingAnUnsetVariableStopsItBeforeItStartsNamingTheVariable() throws IOException {
        Path file = Files.writeString(dir.resolve("ferry.yaml"), """
                url: jdbc:postgresql://db:5432/app
                alerts:
                  sinks:
                    ops:
                      type: webhook
                      url: https://hooks.example/ferry
                      secret: ${OPS_WEBHOOK_SECRET}
                """);
        Map<String, String> env = Map.of("FERRY_CONFIG", file.toString());
        ServerCommand.Outcome outcome = prepare(env);
        assertThat(outcome.starts()).isFalse();
        assertThat(outcome.exitCode()).isEqualTo(2);
        String[] lines = err.toString().split("\\R");
        assertThat(lines[0]).as("one line that names the variable").startsWith("error[invalid-configuration]: ")
                .contains("${OPS_WEBHOOK_SECRET}", "which is not set");
        assertThat(err.toString()).contains("hint: set OPS_WEBHOOK_SECRET in the environment");

        Map<String, String> set = Map.of("FERRY_CONFIG", file.toString(), "OPS_WEBHOOK_SECRET", "whsec_c2VjcmV0");
        assertThat(prepare(set).starts()).as("starts once it is set; stderr: %s", err).isTrue();
    }
}
