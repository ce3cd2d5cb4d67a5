package io.ferry.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.backfill.JobDefinition;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.lint.LintSettings;
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

/** Flags win over the environment, which wins over the project file, which wins over the defaults. */
class WorkspaceTest {

    @TempDir
    Path tmp;

    private final PrintWriter err = new PrintWriter(new StringWriter());

    private Path projectFile(String yaml) throws IOException {
        return Files.writeString(tmp.resolve("ferry.yaml"), yaml);
    }

    private static ProjectSettings config(Path file) {
        return new ProjectSettings(null, file, null, false, null, false);
    }

    @Test
    void withNothingGivenTheDefaults() {
        try (Workspace ws = Workspace.files(ProjectSettings.NONE, Map.of(), err)) {
            assertThat(ws.dirs()).containsExactly(Path.of("migrations"));
            assertThat(ws.schema()).isEqualTo("public");
            assertThat(ws.hasUrl()).isFalse();
            assertThat(ws.givenConnection()).isEmpty();
            assertThat(ws.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void theProjectFileOverTheDefaults() throws IOException {
        Path file = projectFile("""
                url: postgres://app:secret@db.internal/app
                dirs: [db/migrations]
                schema: ops
                connect-timeout: 4s
                """);
        try (Workspace ws = Workspace.database(config(file), null, Map.of(), err)) {
            // Folders in the project file are relative to the file.
            assertThat(ws.dirs()).singleElement().satisfies(d ->
                    assertThat(d.toAbsolutePath()).isEqualTo(tmp.resolve("db/migrations").toAbsolutePath()));
            assertThat(ws.schema()).isEqualTo("ops");
            assertThat(ws.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
            assertThat(ws.givenConnection()).contains(
                    new ConnectionSpec("jdbc:postgresql://db.internal:5432/app", "app", "secret"));
        }
    }

    @Test
    void theEnvironmentOverTheProjectFile() throws IOException {
        Path file = projectFile("""
                url: jdbc:postgresql://from-file/app
                user: file-user
                dirs: [db]
                connect-timeout: 4s
                """);
        Map<String, String> env = Map.of("FERRY_CONFIG", file.toString(), "DATABASE_URL",
                "postgres://heroku@from-database-url/app", "FERRY_USER", "env-user", "FERRY_DIR", "a, b",
                "FERRY_CONNECT_TIMEOUT", "2s");
        try (Workspace ws = Workspace.database(ProjectSettings.NONE, ConnectionSettings.NONE, env, err)) {
            assertThat(ws.dirs()).containsExactly(Path.of("a"), Path.of("b"));
            assertThat(ws.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(ws.givenConnection()).contains(
                    new ConnectionSpec("jdbc:postgresql://from-database-url:5432/app", "env-user", null));
        }
        Map<String, String> both = Map.of("FERRY_CONFIG", file.toString(), "DATABASE_URL",
                "postgres://from-database-url/app", "FERRY_URL", "jdbc:postgresql://from-ferry-url/app");
        try (Workspace ws = Workspace.database(ProjectSettings.NONE, ConnectionSettings.NONE, both, err)) {
            assertThat(ws.givenConnection().orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://from-ferry-url/app");
            assertThat(ws.givenConnection().orElseThrow().user()).isEqualTo("file-user");
        }
    }

    @Test
    void flagsOverTheEnvironment() throws IOException {
        Path file = projectFile("schema: ops\n");
        Map<String, String> env = Map.of("FERRY_URL", "jdbc:postgresql://from-env/app", "FERRY_DIR", "env-dir",
                "FERRY_PASSWORD", "env-password", "FERRY_CONNECT_TIMEOUT", "2s");
        ProjectSettings project = new ProjectSettings(List.of(Path.of("flag-dir")), file, "flag_schema", false,
                null, false);
        ConnectionSettings connection = new ConnectionSettings("postgresql://url-user:url-password@from-flag:6543/x",
                "flag-user", null, Duration.ofSeconds(7));
        try (Workspace ws = Workspace.database(project, connection, env, err)) {
            assertThat(ws.dirs()).containsExactly(Path.of("flag-dir"));
            assertThat(ws.schema()).isEqualTo("flag_schema");
            assertThat(ws.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(ws.givenConnection()).contains(
                    new ConnectionSpec("jdbc:postgresql://from-flag:6543/x", "flag-user", "env-password"));
        }
    }

    @Test
    void aNamedProjectFileMustExist() {
        Map<String, String> env = Map.of("FERRY_CONFIG", tmp.resolve("missing.yaml").toString());
        assertThatThrownBy(() -> Workspace.files(ProjectSettings.NONE, env, err))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(MigrationErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.getMessage()).endsWith("missing.yaml does not exist");
                    assertThat(e.hint()).isEqualTo("check FERRY_CONFIG");
                });
        assertThatThrownBy(() -> Workspace.files(config(tmp.resolve("missing.yaml")), Map.of(), err))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.hint())
                        .isEqualTo("check the --config path"));
    }

    @Test
    void theDesiredSchemaFolderIsRelativeToTheProjectFileAndMustHoldSqlFiles() throws IOException {
        Path file = projectFile("desired-schema: db/schema\n");
        try (Workspace ws = Workspace.files(config(file), Map.of(), err)) {
            assertThatThrownBy(ws::desiredSchema).isInstanceOf(FerryException.class)
                    .hasMessageEndingWith("db/schema (" + file + ") does not exist");
            Files.createDirectories(tmp.resolve("db/schema"));
            assertThatThrownBy(ws::desiredSchema).isInstanceOf(FerryException.class).hasMessageEndingWith("holds no"
                    + " .sql file");
            Files.writeString(tmp.resolve("db/schema/01_tables.sql"), "CREATE TABLE t (id int);");
            assertThat(ws.desiredSchema().toAbsolutePath()).isEqualTo(tmp.resolve("db/schema").toAbsolutePath());
        }
        try (Workspace ws = Workspace.files(config(projectFile("schema: ops\n")), Map.of(), err)) {
            assertThatThrownBy(ws::desiredSchema).isInstanceOf(FerryException.class)
                    .hasMessageEndingWith("names no desired-schema folder")
                    .satisfies(e -> assertThat(((FerryException) e).code())
                            .isEqualTo(MigrationErrorCode.INVALID_CONFIGURATION));
        }
    }

    @Test
    void anEmptyProjectFileOrOneOfCommentsOnlyGivesTheDefaults() throws IOException {
        for (String yaml : new String[] {"", "\n", "# settings come later\n# url: postgres://db/app\n"}) {
            Path file = projectFile(yaml);
            try (Workspace ws = Workspace.files(config(file), Map.of(), err)) {
                assertThat(ws.dirs()).as("ferry.yaml holding %s", yaml.isBlank() ? "nothing" : "comments")
                        .containsExactly(Path.of("migrations"));
                assertThat(ws.schema()).isEqualTo("public");
                assertThat(ws.hasUrl()).isFalse();
            }
        }
    }

    @Test
    void anUnknownKeyIsNamed() throws IOException {
        Path file = projectFile("urls: x\n");
        assertThatThrownBy(() -> Workspace.files(config(file), Map.of(), err))
                .isInstanceOf(FerryException.class).hasMessageEndingWith("unknown key 'urls'");
    }

    @Test
    void aBadConnectTimeoutIsNamedWithItsSource() {
        assertThatThrownBy(() -> Workspace.database(ProjectSettings.NONE, null,
                Map.of("FERRY_CONNECT_TIMEOUT", "soon"), err).connectTimeout())
                .isInstanceOf(FerryException.class).hasMessageStartingWith("FERRY_CONNECT_TIMEOUT: ");
        assertThatThrownBy(() -> Workspace.database(ProjectSettings.NONE,
                new ConnectionSettings(null, null, null, Duration.ZERO), Map.of(), err).connectTimeout())
                .isInstanceOf(FerryException.class).hasMessage("--connect-timeout must be longer than 0s");
    }

    @Test
    void theFormatComesFromTheFlagOrTheFile() throws IOException {
        try (Workspace ws = Workspace.files(new ProjectSettings(null, null, null, true, null, false), Map.of(), err)) {
            assertThat(ws.isFlyway()).isTrue();
        }
        Path file = projectFile("format: ferry\n");
        try (Workspace ws = Workspace.files(config(file), Map.of(), err)) {
            assertThat(ws.isFlyway()).isFalse();
        }
        Path bad = projectFile("format: liquibase\n");
        assertThatThrownBy(() -> Workspace.files(config(bad), Map.of(), err))
                .isInstanceOf(FerryException.class).hasMessage("ferry.yaml: format 'liquibase' is not known");
    }

    @Test
    void lintSettingsAreTheDefaultsOrTheShorthandOrTheMap() throws IOException {
        try (Workspace ws = Workspace.files(ProjectSettings.NONE, Map.of(), err)) {
            assertThat(ws.lintOnRun()).isEqualTo(LintConfig.OnRun.WARN);
            assertThat(ws.lintSettings()).isEqualTo(LintSettings.DEFAULTS);
        }
        for (String word : List.of("error", "warn", "off")) {
            try (Workspace ws = Workspace.files(config(projectFile("lint: " + word + "\n")), Map.of(), err)) {
                assertThat(ws.lintOnRun().id()).isEqualTo(word);
                assertThat(ws.lintSettings().largeTableRows()).isEqualTo(LintSettings.DEFAULT_LARGE_TABLE_ROWS);
            }
        }
        Path file = projectFile("""
                lint:
                  on-run: error
                  large-table: 5000
                  rules:
                    index-without-concurrently: off
                """);
        try (Workspace ws = Workspace.files(config(file), Map.of(), err)) {
            assertThat(ws.lintOnRun()).isEqualTo(LintConfig.OnRun.ERROR);
            assertThat(ws.lintSettings()).isEqualTo(new LintSettings(5000,
                    Map.of("index-without-concurrently", LintSettings.Level.OFF)));
        }
    }

    @Test
    void onRunAndRuleLevelsTakeTheSameWordsWarnOrWarningAlike() throws IOException {
        Map<String, LintConfig.OnRun> onRun = Map.of("error", LintConfig.OnRun.ERROR, "warn", LintConfig.OnRun.WARN,
                "warning", LintConfig.OnRun.WARN, "off", LintConfig.OnRun.OFF);
        Map<String, LintSettings.Level> levels = Map.of("error", LintSettings.Level.ERROR, "warn",
                LintSettings.Level.WARNING, "warning", LintSettings.Level.WARNING, "off", LintSettings.Level.OFF);
        for (String word : List.of("error", "warn", "warning", "off")) {
            try (Workspace ws = Workspace.files(config(projectFile("lint: " + word + "\n")), Map.of(), err)) {
                assertThat(ws.lintOnRun()).as("lint: %s", word).isEqualTo(onRun.get(word));
            }
            Path file = projectFile("lint:\n  on-run: " + word + "\n  rules:\n    truncate: " + word + "\n");
            try (Workspace ws = Workspace.files(config(file), Map.of(), err)) {
                assertThat(ws.lintOnRun()).as("on-run: %s", word).isEqualTo(onRun.get(word));
                assertThat(ws.lintSettings().levels()).as("rules: truncate: %s", word)
                        .containsEntry("truncate", levels.get(word));
            }
        }
    }

    @Test
    void aBadLintSettingIsAnInvalidConfigurationNamingTheKeyAndTheValuesAllowed() throws IOException {
        assertThatThrownBy(() -> Workspace.files(config(projectFile("lint: loud\n")), Map.of(), err))
                .isInstanceOf(FerryException.class).hasMessage(tmp.resolve("ferry.yaml") + ": lint 'loud' is not known")
                .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(MigrationErrorCode.INVALID_CONFIGURATION))
                .satisfies(e -> assertThat(((FerryException) e).hint()).contains("error", "warn", "off"));
        assertThatThrownBy(() -> Workspace.files(config(projectFile("lint: {rules: {no-such-rule: error}}\n")),
                Map.of(), err)).hasMessage(tmp.resolve("ferry.yaml") + ": lint.rules: no rule 'no-such-rule'")
                .satisfies(e -> assertThat(((FerryException) e).hint()).contains("index-without-concurrently"));
        assertThatThrownBy(() -> Workspace.files(config(projectFile(
                "lint: {rules: {index-without-concurrently: loud}}\n")), Map.of(), err))
                .hasMessage(tmp.resolve("ferry.yaml") + ": lint.rules.index-without-concurrently 'loud' is not a level")
                .satisfies(e -> assertThat(((FerryException) e).hint()).contains("off, warn (or warning) or error"));
        assertThatThrownBy(() -> Workspace.files(config(projectFile("lint: {large-table: many}\n")), Map.of(), err))
                .hasMessage(tmp.resolve("ferry.yaml") + ": lint.large-table 'many' is not a number of rows");
        assertThatThrownBy(() -> Workspace.files(config(projectFile("lint: {on-run: error, strict: true}\n")),
                Map.of(), err)).hasMessage(tmp.resolve("ferry.yaml") + ": lint.strict is not a lint setting");
    }

    @Test
    void backfillJobsAreReadFromTheProjectFile() throws IOException {
        Path file = projectFile("""
                backfills:
                  hashes: {type: hash, table: t, key: id, columns: [a], target: h}
                  seeds: {type: seed, table: s}
                """);
        try (Workspace ws = Workspace.files(config(file), Map.of(), err)) {
            assertThat(ws.backfillJobs()).extracting(JobDefinition::name, JobDefinition::type)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("hashes", "hash"),
                            org.assertj.core.groups.Tuple.tuple("seeds", "seed"));
        }
    }

    @Test
    void thePublicUrlFromTheEnvironmentThenTheProjectFile() throws IOException {
        Path file = projectFile("public-url: https://file.example.com\n");
        assertThat(PublicUrl.of(config(file), Map.of())).contains("https://file.example.com");
        assertThat(PublicUrl.of(config(file), Map.of("FERRY_PUBLIC_URL", " https://env.example.com ")))
                .contains("https://env.example.com");
        assertThat(PublicUrl.of(config(tmp.resolve("missing.yaml")), Map.of())).isEmpty();
    }

    @Test
    void settingsAndSpecsNeverShowAPassword() {
        assertThat(new ConnectionSettings("postgres://u:hunter2@h/db", "u", "hunter3", null).toString())
                .doesNotContain("hunter2").doesNotContain("hunter3");
        assertThat(ConnectionSpec.parse("postgres://u:hunter2@h/db", null, null).toString()).doesNotContain("hunter2");
    }
}
