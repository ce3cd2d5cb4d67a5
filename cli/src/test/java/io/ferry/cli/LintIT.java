package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry lint} and linting before an upgrade, through {@code ./ferry}: the text, JSON and SARIF reports with
 * each finding's file, line and column; the exit code; which revisions are linted with and without a database; and
 * {@code lint:} in ferry.yaml. The test database holds {@code big}, 50 analysed rows: large for a project whose
 * {@code lint.large-table} is 10.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LintIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX_RULE = "index-without-concurrently";
    private static final String FIX = "  fix: CREATE INDEX CONCURRENTLY in a revision of its own marked"
            + " -- ferry:transactional false";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path cwd;

    private Project project;

    @BeforeEach
    void bigTable() throws Exception {
        db.reset();
        db.execute("CREATE TABLE big (id bigint PRIMARY KEY, name text)",
                "INSERT INTO big SELECT g, 'n' || g FROM generate_series(1, 50) g", "ANALYZE big");
        project = new Project(cwd.resolve("migrations"));
    }

    /** ./ferry with the test database as FERRY_URL. */
    private Cli live() {
        return Cli.against(db, cwd);
    }

    /** ./ferry with no database anywhere. */
    private Cli offline() {
        return new Cli(cwd);
    }

    private static Cli.Result run(Cli cli, int exit, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        return r;
    }

    /** The lines, a table's size in bytes (which depends on the server's pages) written SIZE. */
    private static java.util.List<String> sized(java.util.List<String> lines) {
        return lines.stream().map(l -> l.replaceAll(", [0-9.]+ (bytes|kB|MB)\\)", ", SIZE)")).toList();
    }

    /** The finding of an index built on big without CONCURRENTLY at {@code where}, its size masked. */
    private static String bigIndexError(String where) {
        return where + ": error[" + INDEX_RULE + "] builds an index on big (50 rows, SIZE) without CONCURRENTLY:"
                + " writes to the table wait until it is built";
    }

    private void projectFile(String yaml) throws Exception {
        Files.writeString(cwd.resolve("ferry.yaml"), yaml);
    }

    /** a1 makes a table; b2 indexes big (line 5 of its file) without CONCURRENTLY. */
    private void twoRevisions() {
        project.revision("a1", "base", "CREATE TABLE small (id bigint);", "DROP TABLE small;");
        project.revision("b2", "a1", "CREATE INDEX big_name ON big (name);", "DROP INDEX big_name;");
    }

    private static boolean hasTable(String name) throws Exception {
        return db.column("SELECT to_regclass('" + name + "') IS NOT NULL").equals(java.util.List.of("t"));
    }

    @Test
    void textGivesFileLineColumnSeverityRuleMessageAndFixAndWithoutADatabaseLintsEveryRevisionAsWarnings()
            throws Exception {
        twoRevisions();
        Cli.Result r = run(offline(), 0, "lint");
        assertThat(r.outLines()).containsExactly(
                "migrations/002_b2.sql:5:1: warning[" + INDEX_RULE + "] builds an index on big without CONCURRENTLY:"
                        + " writes to the table wait until it is built",
                FIX,
                "0 errors, 1 warning in 2 revisions");
        assertThat(cwd.resolve(".ferry")).as("no embedded PostgreSQL is started to lint").doesNotExist();
    }

    @Test
    void withADatabaseTheSizeDecidesAndAnErrorExits1() throws Exception {
        projectFile("lint: {large-table: 10}\n");
        twoRevisions();
        Cli.Result r = run(live(), 1, "lint");
        assertThat(sized(r.outLines())).containsExactly(
                bigIndexError("migrations/002_b2.sql:5:1"),
                FIX,
                "1 error, 0 warnings in 2 revisions");
        projectFile("lint: {large-table: 100}\n");
        assertThat(run(live(), 0, "lint").outLines()).last().isEqualTo("0 errors, 1 warning in 2 revisions");
    }

    @Test
    void aSuppressedErrorIsPrintedWithItsReasonAndExits0() throws Exception {
        projectFile("lint: {large-table: 10}\n");
        project.revision("a1", "base", "-- ferry:lint-ignore " + INDEX_RULE + " big is written once a night\n"
                + "CREATE INDEX big_name ON big (name);", null);
        Cli.Result r = run(live(), 0, "lint");
        assertThat(sized(r.outLines())).containsExactly(
                bigIndexError("migrations/001_a1.sql:6:1"),
                FIX,
                "  suppressed: big is written once a night",
                "0 errors, 0 warnings (1 suppressed) in 1 revision");
    }

    @Test
    void aLintIgnoreWithoutAReasonIsAnErrorAndSuppressesNothing() throws Exception {
        projectFile("lint: {large-table: 10}\n");
        project.revision("a1", "base", "-- ferry:lint-ignore " + INDEX_RULE + "\n"
                + "CREATE INDEX big_name ON big (name);", null);
        Cli.Result r = run(live(), 1, "lint");
        assertThat(r.outLines()).contains("migrations/001_a1.sql:5:1: error[lint-ignore-without-reason] a"
                        + " ferry:lint-ignore comment gives no reason, so it suppresses nothing",
                "  fix: write it as -- ferry:lint-ignore RULE why it is safe here");
        assertThat(r.outLines()).anyMatch(l -> l.startsWith("migrations/001_a1.sql:6:1: error[" + INDEX_RULE + "]"))
                .noneMatch(l -> l.contains("suppressed:")).last().isEqualTo("2 errors, 0 warnings in 1 revision");
    }

    @Test
    void withADatabaseOnlyThePendingRevisionsUnlessAllOrNamed() throws Exception {
        twoRevisions();
        run(live(), 0, "upgrade");
        project.revision("c3", "b2", "CREATE INDEX small_id ON small (id);", null);
        assertThat(sized(run(live(), 0, "lint").outLines())).containsExactly(
                "migrations/003_c3.sql:5:1: warning[" + INDEX_RULE + "] builds an index on small (never analysed, SIZE)"
                        + " without CONCURRENTLY: writes to the table wait until it is built",
                FIX, "0 errors, 1 warning in 1 revision");
        assertThat(run(live(), 0, "lint", "--all").outLines()).last().isEqualTo("0 errors, 2 warnings in 3 revisions");
        assertThat(run(offline(), 0, "lint").outLines()).last().isEqualTo("0 errors, 2 warnings in 3 revisions");
        assertThat(run(live(), 0, "lint", "a1").outLines()).containsExactly("no findings in 1 revision");
        assertThat(run(live(), 0, "lint", "migrations/002_b2.sql", "c3").outLines()).last()
                .isEqualTo("0 errors, 2 warnings in 2 revisions");
    }

    @Test
    void anUnknownRevisionOrFileIsBadInput() {
        twoRevisions();
        run(offline(), 2, "lint", "zz99").error().hasCode("unknown-revision");
        assertThat(run(offline(), 2, "lint", "migrations/009_none.sql").error().hasCode("unknown-revision").message())
                .isEqualTo("no file migrations/009_none.sql");
    }

    @Test
    void jsonListsEachFindingAndTheCounts() throws Exception {
        projectFile("lint: {large-table: 10}\n");
        twoRevisions();
        Cli.Result r = run(live(), 1, "lint", "--json");
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.get("ok").asBoolean()).isFalse();
        JsonNode f = json.get("findings").get(0);
        assertThat(f.get("file").asText()).isEqualTo("migrations/002_b2.sql");
        assertThat(f.get("line").asInt()).isEqualTo(5);
        assertThat(f.get("column").asInt()).isEqualTo(1);
        assertThat(f.get("rule").asText()).isEqualTo(INDEX_RULE);
        assertThat(f.get("severity").asText()).isEqualTo("error");
        assertThat(f.get("message").asText()).contains("big (50 rows");
        assertThat(f.get("fix").asText()).startsWith("CREATE INDEX CONCURRENTLY");
        assertThat(f.get("revision").asText()).isEqualTo("b2");
        assertThat(f.get("suppressed").isNull()).isTrue();
        assertThat(json.get("summary").toString()).isEqualTo("{\"errors\":1,\"warnings\":0,\"suppressed\":0,"
                + "\"revisions\":2}");
        assertThat(run(live(), 1, "lint", "--format", "json").out()).isEqualTo(r.out());
    }

    @Test
    void sarifIsAVersion210LogWithTheRulesAndEachResultsLocation() throws Exception {
        projectFile("lint: {large-table: 10}\n");
        project.revision("a1", "base", "CREATE INDEX big_name ON big (name);\n"
                + "-- ferry:lint-ignore " + INDEX_RULE + " a quiet table\n"
                + "CREATE INDEX big_id ON big (id, name);", null);
        JsonNode sarif = JSON.readTree(run(live(), 1, "lint", "--format", "sarif").out());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.get("$schema").asText()).contains("sarif-2.1.0");
        JsonNode run = sarif.get("runs").get(0);
        JsonNode driver = run.get("tool").get("driver");
        assertThat(driver.get("name").asText()).isEqualTo("ferry");
        assertThat(driver.get("rules")).anySatisfy(rule -> {
            assertThat(rule.get("id").asText()).isEqualTo(INDEX_RULE);
            assertThat(rule.get("shortDescription").get("text").asText()).startsWith("CREATE INDEX without");
            assertThat(rule.get("help").get("text").asText()).startsWith("CREATE INDEX CONCURRENTLY");
            assertThat(rule.has("helpUri")).as("SARIF's helpUri must be absolute; there is none to give").isFalse();
        });
        JsonNode results = run.get("results");
        assertThat(results).hasSize(2);
        JsonNode first = results.get(0);
        assertThat(first.get("ruleId").asText()).isEqualTo(INDEX_RULE);
        assertThat(first.get("level").asText()).isEqualTo("error");
        assertThat(first.get("message").get("text").asText()).contains("big (50 rows");
        JsonNode location = first.get("locations").get(0).get("physicalLocation");
        assertThat(location.get("artifactLocation").toString())
                .isEqualTo("{\"uri\":\"migrations/001_a1.sql\",\"uriBaseId\":\"%SRCROOT%\"}");
        assertThat(location.get("region").get("startLine").asInt()).isEqualTo(5);
        assertThat(location.get("region").get("startColumn").asInt()).isEqualTo(1);
        assertThat(first.has("suppressions")).isFalse();
        JsonNode suppressed = results.get(1);
        assertThat(suppressed.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt())
                .isEqualTo(7);
        assertThat(suppressed.get("suppressions").toString())
                .isEqualTo("[{\"kind\":\"inSource\",\"justification\":\"a quiet table\"}]");
    }

    @Test
    void inAGitWorkTreeSarifNamesFilesRelativeToTheRepositorysRoot() throws Exception {
        Files.createDirectories(cwd.resolve(".git"));
        Path app = Files.createDirectories(cwd.resolve("services/my app"));
        Files.writeString(app.resolve("ferry.yaml"), "lint: {large-table: 10}\n");
        new Project(app.resolve("migrations")).revision("a1", "base", "CREATE INDEX big_name ON big (name);", null);
        JsonNode sarif = JSON.readTree(run(Cli.against(db, app), 1, "lint", "--format", "sarif").out());
        JsonNode location = sarif.get("runs").get(0).get("results").get(0).get("locations").get(0)
                .get("physicalLocation").get("artifactLocation");
        assertThat(location.toString()).isEqualTo(
                "{\"uri\":\"services/my%20app/migrations/001_a1.sql\",\"uriBaseId\":\"%SRCROOT%\"}");
    }

    @Test
    void aFlywayProjectIsLintedToo() throws Exception {
        Path dir = Files.createDirectories(cwd.resolve("db"));
        Files.writeString(dir.resolve("V1__people.sql"), "CREATE TABLE people (id int);\n");
        Files.writeString(dir.resolve("V2__index.sql"), "\nCREATE INDEX big_name ON big (name);\n");
        Cli.Result r = run(offline(), 0, "lint", "--dir", "db", "2");
        assertThat(r.outLines()).first().asString().startsWith("db/V2__index.sql:2:1: warning[" + INDEX_RULE + "]");
        assertThat(r.outLines()).last().isEqualTo("0 errors, 1 warning in 1 revision");
    }

    @Test
    void lintErrorRefusesAnUpgradeWithAnUnsuppressedErrorBeforeRunningAnything() throws Exception {
        projectFile("lint: {on-run: error, large-table: 10}\n");
        twoRevisions();
        Cli.Result r = run(live(), 1, "upgrade");
        assertThat(r.out()).isEmpty();
        assertThat(sized(r.errLines())).contains("lint before upgrade: 1 error, 0 warnings in 2 revisions (lint: error in"
                + " ferry.yaml)", bigIndexError("migrations/002_b2.sql:5:1"));
        assertThat(ErrorLines.last(r).hasCode("lint-failed").message())
                .isEqualTo("1 lint error in the revisions about to run; nothing was run");
        assertThat(hasTable("small")).as("a1 did not run").isFalse();
        assertThat(hasTable("ferry_version")).isFalse();
        assertThat(db.column("SELECT count(*) FROM pg_indexes WHERE indexname = 'big_name'")).containsExactly("0");
        run(live(), 0, "upgrade", "a1");
        assertThat(hasTable("small")).isTrue();
    }

    @Test
    void lintWarnPrintsTheFindingsOnStderrAndRuns() throws Exception {
        projectFile("lint: {large-table: 10}\n");
        twoRevisions();
        Cli.Result r = run(live(), 0, "upgrade", "--json");
        assertThat(JSON.readTree(r.out()).isObject()).as("stdout is the JSON document alone").isTrue();
        assertThat(r.errLines()).contains("lint before upgrade: 1 error, 0 warnings in 2 revisions (lint: warn in"
                + " ferry.yaml)", FIX);
        assertThat(db.column("SELECT count(*) FROM pg_indexes WHERE indexname = 'big_name'")).containsExactly("1");
    }

    @Test
    void lintOffDoesNotLintBeforeARunAndSqlOrDowngradeNeverDo() throws Exception {
        projectFile("lint: off\n");
        twoRevisions();
        assertThat(run(live(), 0, "upgrade").err()).doesNotContain("lint");
        projectFile("lint: error\n");
        assertThat(run(live(), 0, "downgrade", "a1").err()).doesNotContain("lint");
        assertThat(run(live(), 0, "upgrade", "--sql").err()).doesNotContain("lint");
    }

    @Test
    void anInvalidLintSettingIsAnInvalidConfiguration() throws Exception {
        twoRevisions();
        projectFile("lint: {rules: {no-such-rule: off}}\n");
        ErrorLines error = run(offline(), 2, "lint").error().hasCode("invalid-configuration");
        assertThat(error.message()).isEqualTo("ferry.yaml: lint.rules: no rule 'no-such-rule'");
        assertThat(error.hint()).contains(INDEX_RULE);
        projectFile("lint: sometimes\n");
        error = run(live(), 2, "upgrade").error().hasCode("invalid-configuration");
        assertThat(error.message()).isEqualTo("ferry.yaml: lint 'sometimes' is not known");
        assertThat(error.hint()).contains("error", "warn", "off");
        assertThat(hasTable("small")).isFalse();
    }
}
