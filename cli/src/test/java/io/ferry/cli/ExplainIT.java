package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry explain} through {@code ./ferry} on the example project, migrated and filled with enough
 * documents that the planner prefers the index on their creation time for the newest ones.
 */
class ExplainIT {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "proposals").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path cwd;

    private static Cli cli;

    @BeforeAll
    static void migrateAndFill() throws Exception {
        db.reset();
        cli = Cli.against(db, cwd);
        Cli.Result r = cli.run("upgrade", "heads", "--config", EXAMPLE.resolve("ferry.yaml").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        db.execute("INSERT INTO documents (title, created_at) SELECT 'doc ' || i, now() - i * interval '1 minute'"
                + " FROM generate_series(1, 20000) i", "ANALYZE documents");
    }

    private Cli.Result run(int exit, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        return r;
    }

    private static Path file(String name, String sql) throws Exception {
        return Files.writeString(cwd.resolve(name), sql);
    }

    @Test
    void eachNamedQueryItsNodesItsIndexAndItsCostAndExpectationsMet() throws Exception {
        file("queries.sql", """
                -- The newest documents, for the home page.
                -- name: recent_documents
                -- expect: index documents_created_at_idx
                SELECT id, title FROM documents ORDER BY created_at DESC LIMIT 10;

                SELECT 1;

                -- name: by_title
                SELECT id FROM documents WHERE title = 'doc 7';
                """);
        Cli.Result r = run(0, "explain", "queries.sql");
        assertThat(r.outLines().get(0)).matches("recent_documents \\(line 4\\): cost [0-9.]+, index"
                + " documents_created_at_idx");
        assertThat(r.outLines()).anyMatch(l -> l.matches("    Index Scan on documents using documents_created_at_idx"
                + "  cost [0-9.]+"));
        assertThat(r.outLines()).contains("  expect index documents_created_at_idx: ok");
        assertThat(r.outLines()).anyMatch(l -> l.matches("by_title \\(line 9\\): cost [0-9.]+, no index"));
        assertThat(r.out()).as("the statement without a name is left out").doesNotContain("line 6");

        JsonNode json = JSON.readTree(run(0, "explain", "queries.sql", "--json").out());
        assertThat(json.get("ok").asBoolean()).isTrue();
        JsonNode recent = json.get("queries").get(0);
        assertThat(recent.get("name").asText()).isEqualTo("recent_documents");
        assertThat(recent.get("usesIndex").asBoolean()).isTrue();
        assertThat(recent.get("indexes").toString()).isEqualTo("[\"documents_created_at_idx\"]");
        assertThat(recent.get("cost").asDouble()).isPositive();
        assertThat(recent.get("nodes").get(0).get("type").asText()).isEqualTo("Limit");
        assertThat(recent.has("actualMs")).isFalse();
        assertThat(recent.get("expectations").toString()).isEqualTo("[{\"expect\":\"index documents_created_at_idx\","
                + "\"line\":3,\"met\":true}]");
        assertThat(json.get("queries").get(1).get("usesIndex").asBoolean()).isFalse();
    }

    @Test
    void aQueryThatLosesItsIndexFailsItsExpectationWithExit1() throws Exception {
        file("lost.sql", """
                -- name: by_title
                -- expect: index
                SELECT id FROM documents WHERE title = 'doc 7';
                -- name: recent_documents
                -- expect: index documents_title_idx
                SELECT id, title FROM documents ORDER BY created_at DESC LIMIT 10;
                """);
        Cli.Result r = run(1, "explain", "lost.sql");
        assertThat(r.outLines()).contains("  expect index: FAILED: the plan uses no index",
                "  expect index documents_title_idx: FAILED: the plan uses documents_created_at_idx instead");
        JsonNode json = JSON.readTree(run(1, "explain", "lost.sql", "--json").out());
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("queries").get(0).get("expectations").get(0).get("why").asText())
                .isEqualTo("the plan uses no index");
    }

    @Test
    void analyzeRunsTheQueryInATransactionThatIsRolledBack() throws Exception {
        file("purge.sql", """
                -- name: purge_old
                DELETE FROM documents WHERE created_at < now() - interval '1 day';
                """);
        long before = Long.parseLong(db.column("SELECT count(*) FROM documents").get(0));
        Cli.Result r = run(0, "explain", "purge.sql", "--analyze");
        assertThat(r.outLines().get(0)).matches("purge_old \\(line 2\\): cost [0-9.]+, [0-9.]+ ms, .*");
        assertThat(r.outLines()).anyMatch(l -> l.matches("  Delete on documents  cost [0-9.]+, [0-9.]+ ms, 0 rows"));
        assertThat(Long.parseLong(db.column("SELECT count(*) FROM documents").get(0))).isEqualTo(before);
        JsonNode json = JSON.readTree(run(0, "explain", "purge.sql", "--analyze", "--json").out());
        assertThat(json.get("queries").get(0).get("actualMs").asDouble()).isNotNegative();
    }

    @Test
    void badInputIsAnErrorBeforeAnyConnection() throws Exception {
        file("none.sql", "SELECT 1;\n");
        Cli.Result none = run(2, "explain", "none.sql", "--url", "postgres://nowhere.invalid/x");
        assertThat(none.errLines().get(0)).isEqualTo("error[invalid-configuration]: none.sql names no query");
        file("odd.sql", "-- name: q\n-- expect: seq scan\nSELECT 1;\n");
        Cli.Result odd = run(2, "explain", "odd.sql");
        assertThat(odd.errLines().get(0)).isEqualTo("error[invalid-configuration]: odd.sql line 2: expectation"
                + " 'seq scan' is not understood");
    }
}
