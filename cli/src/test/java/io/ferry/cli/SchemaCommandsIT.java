package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry schema dump}, {@code ferry schema diff} and {@code ferry drift} against the test server,
 * whose scratch databases go on the same server through {@code --dev-url}: what they print, their exit
 * codes, their errors, and that no scratch database outlives a command.
 */
class SchemaCommandsIT {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "proposals").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @RegisterExtension
    final ScratchServer scratch = new ScratchServer(db);

    @TempDir
    Path cwd;

    private Cli cli;

    @BeforeEach
    void reset() throws Exception {
        db.reset();
        // As in a new database: reset() creates public again, without the comment template1 gives it.
        db.execute("COMMENT ON SCHEMA public IS 'standard public schema'");
        cli = Cli.against(db, cwd).env("FERRY_DEV_URL", scratch.devUrl());
    }

    private Cli.Result run(int exit, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        return r;
    }

    /** The must-show line, on the example project. */
    @Test
    void driftReportsAColumnChangedByHandAnIndexDroppedByHandAndAnInvalidIndexAndNothingOnAnUntouchedDatabase()
            throws Exception {
        String config = EXAMPLE.resolve("ferry.yaml").toString();
        run(0, "upgrade", "heads", "--config", config);
        assertThat(run(0, "drift", "--config", config).outLines())
                .containsExactly("no drift: the schema is what the applied revisions produce (at d41c7a9e2b60)");

        db.execute("ALTER TABLE sources ALTER COLUMN url SET DEFAULT 'https://example.com'",
                "DROP INDEX documents_created_at_idx",
                "INSERT INTO sources (name, url) VALUES ('a', 'https://same'), ('b', 'https://same')");
        assertThat(cli.run("sql", "-c", "CREATE UNIQUE INDEX CONCURRENTLY sources_url_key ON sources (url)").exit())
                .as("a concurrent build that fails leaves an invalid index").isNotZero();

        Cli.Result drift = run(1, "drift", "--config", config);
        assertThat(drift.outLines()).containsExactly(
                "column sources.url: default differs",
                "index documents_created_at_idx is missing",
                "index sources_url_key is invalid: no revision makes it (a failed CREATE INDEX CONCURRENTLY left it):"
                        + " drop it with DROP INDEX CONCURRENTLY sources_url_key, or rebuild it with REINDEX INDEX"
                        + " CONCURRENTLY sources_url_key and write a revision that makes it");

        JsonNode json = JSON.readTree(run(1, "drift", "--config", config, "--json").out());
        assertThat(json.get("drift").asBoolean()).isTrue();
        assertThat(json.get("current").toString()).isEqualTo("[\"d41c7a9e2b60\"]");
        assertThat(json.get("invalidIndexes").toString()).isEqualTo("[{\"index\":\"sources_url_key\","
                + "\"table\":\"public.sources\",\"fix\":" + JSON.writeValueAsString(drift.outLines().get(2)
                .substring("index sources_url_key is invalid: ".length())) + "}]");
        assertThat(json.get("changes")).extracting(c -> c.get("description").asText()).contains(
                "column sources.url: default differs", "index documents_created_at_idx is missing",
                "index sources_url_key is extra");
    }

    /** t with a unique index on code, then an index on name. */
    private Project smallProject() {
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("aaaa00000001", "base", "CREATE TABLE t (id bigint PRIMARY KEY, code text, name text);\n"
                + "CREATE UNIQUE INDEX t_code_key ON t (code);", "DROP TABLE t;");
        p.revision("bbbb00000002", "aaaa00000001", "CREATE INDEX t_name_idx ON t (name);", "DROP INDEX t_name_idx;");
        return p;
    }

    @Test
    void anInvalidIndexTheRevisionsMakeIsReportedOnceWithItsRebuild() throws Exception {
        smallProject();
        run(0, "upgrade");
        db.execute("DROP INDEX t_code_key", "INSERT INTO t VALUES (1, 'x', 'a'), (2, 'x', 'b')");
        assertThat(cli.run("sql", "-c", "CREATE UNIQUE INDEX CONCURRENTLY t_code_key ON t (code)").exit()).isNotZero();
        assertThat(run(1, "drift").outLines()).containsExactly("index t_code_key is invalid: rebuild it with REINDEX"
                + " INDEX CONCURRENTLY t_code_key, or drop it and create it again");
    }

    @Test
    void dumpAndDiffBetweenTheDatabaseAFileAndTheMigrations() throws Exception {
        smallProject();
        run(0, "upgrade", "aaaa00000001");
        assertThat(run(0, "schema", "dump").outLines()).containsExactly(
                "schema public",
                "",
                "table public.t",
                "  code text",
                "  id bigint NOT NULL",
                "  name text",
                "",
                "constraint t_pkey on public.t: PRIMARY KEY (id)",
                "",
                "index t_code_key on public.t: CREATE UNIQUE INDEX t_code_key ON public.t USING btree (code)");
        Path file = cwd.resolve("schema.json");
        Files.writeString(file, run(0, "schema", "dump", "--json").out());

        assertThat(run(0, "schema", "diff", "schema.json", "migrations@aaaa00000001").outLines())
                .containsExactly("no differences");
        assertThat(run(0, "schema", "diff", db.url() + (db.url().contains("?") ? "&" : "?") + "user=" + db.user()
                + (db.password() == null ? "" : "&password=" + db.password()), "schema.json").outLines())
                .containsExactly("no differences");
        assertThat(run(1, "schema", "diff", "schema.json", "migrations@head").outLines())
                .containsExactly("index t_name_idx is missing");
        assertThat(run(1, "schema", "diff", "migrations@head", "schema.json").outLines())
                .containsExactly("index t_name_idx is extra");
        assertThat(run(1, "schema", "diff", "schema.json", "migrations@heads", "--sql").outLines())
                .containsExactly("CREATE INDEX t_name_idx ON public.t USING btree (name);");
        assertThat(run(1, "schema", "diff", "migrations@base", "migrations@aaaa", "--sql").outLines())
                .first().asString().startsWith("CREATE TABLE \"public\".\"t\"");

        JsonNode diff = JSON.readTree(run(1, "schema", "diff", "schema.json", "migrations@head", "--json").out());
        assertThat(diff.toString()).isEqualTo("{\"equal\":false,\"changes\":[{\"kind\":\"index\",\"action\":\"create\","
                + "\"object\":\"public.t_name_idx\",\"description\":\"index t_name_idx is missing\",\"difference\":true,"
                + "\"forwardSql\":[\"CREATE INDEX t_name_idx ON public.t USING btree (name)\"],"
                + "\"reverseSql\":[\"DROP INDEX \\\"public\\\".\\\"t_name_idx\\\"\"],\"losesData\":false,"
                + "\"transactional\":true}]}");
        assertThat(JSON.readTree(run(0, "schema", "diff", "schema.json", "schema.json", "--json").out()).toString())
                .isEqualTo("{\"equal\":true,\"changes\":[]}");
        assertThat(db.column("SELECT count(*) FROM t")).containsExactly("0");
    }

    @Test
    void badInputGetsAOneLineErrorAndChangesNothing() throws Exception {
        smallProject();
        run(0, "upgrade");
        Files.writeString(cwd.resolve("broken.json"), "{\"format\": 1, \"tables\": 3}");

        ErrorLines unknownForm = run(2, "schema", "diff", "prod", "migrations@head").error()
                .hasCode("invalid-schema-source");
        assertThat(unknownForm.message()).isEqualTo("FROM 'prod' is neither a database URL, a snapshot file nor"
                + " migrations@REV (no file prod exists)");
        assertThat(unknownForm.hint()).contains("migrations@head");
        ErrorLines bare = run(2, "schema", "diff", "migrations@head", "migrations").error()
                .hasCode("invalid-schema-source");
        assertThat(bare.message()).isEqualTo("TO 'migrations' names no revision");
        assertThat(bare.hint()).startsWith("write migrations@head");
        Files.createDirectories(cwd.resolve("snapshots"));
        assertThat(run(2, "schema", "diff", "snapshots", "migrations@head").error().hasCode("invalid-schema-source")
                .message()).isEqualTo("cannot read the snapshot file snapshots: it is a folder");
        assertThat(run(2, "schema", "diff", "broken.json", "migrations@head").error()
                .hasCode("invalid-schema-snapshot").message()).startsWith("broken.json: ");
        assertThat(run(2, "schema", "diff", "migrations@ffffff", "migrations@head").error()
                .hasCode("unknown-revision").message()).contains("ffffff");

        cli.env("FERRY_DEV_URL", null);
        ErrorLines unreachable = run(3, "schema", "diff", "migrations@head", "migrations@head", "--dev-url",
                "postgres://nobody@127.0.0.1:1/postgres").error();
        assertThat(unreachable.code()).isEqualTo("connection-refused");
        assertThat(unreachable.message()).startsWith("cannot reach the scratch server jdbc:postgresql://127.0.0.1:1/");
        assertThat(unreachable.hint()).contains("--dev-url");
        assertThat(run(3, "drift", "--dev-url", "postgres://nobody@127.0.0.1:1/postgres").error().message())
                .startsWith("cannot reach the scratch server");
        assertThat(db.column("SELECT count(*) FROM t")).containsExactly("0");
    }

    @Test
    void driftOnADatabaseAtARevisionNoFileDefinesSaysWhereItStands() throws Exception {
        Project p = smallProject();
        Path third = p.revision("cccc00000003", "bbbb00000002", "CREATE TABLE t3 (id int);", "DROP TABLE t3;");
        run(0, "upgrade");
        Files.delete(third);
        ErrorLines error = run(1, "drift").error().hasCode("unknown-applied-revision");
        assertThat(error.message()).contains("cccc00000003", "ahead of the migration files");
    }
}
