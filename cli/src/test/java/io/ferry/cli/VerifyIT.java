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
 * {@code ferry verify} through the launcher, its scratch databases on the test server through
 * {@code --dev-url}: what it prints and its exit code on a sound project, on one whose down forgets an
 * index, on one with two heads and on one with a revision without a down; and that no scratch database
 * outlives it.
 */
class VerifyIT {

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
        cli = Cli.against(db, cwd);
    }

    private Cli.Result verify(int exit, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "verify";
        all[1] = "--dev-url";
        all[2] = scratch.devUrl();
        System.arraycopy(args, 0, all, 3, args.length);
        Cli.Result r = cli.run(all);
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        return r;
    }

    @Test
    void theExampleProjectPasses() throws Exception {
        String config = EXAMPLE.resolve("ferry.yaml").toString();
        assertThat(verify(0, "--config", config).outLines()).containsExactly(
                "ok      single head: one head: d41c7a9e2b60",
                "ok      a fresh database upgrades to heads: 4 revisions applied",
                "ok      up, down, up restores each schema: 4 revisions reverted and applied again",
                "ok      upgrading again changes nothing: nothing applied",
                "ok      the final schema, stamped at heads, upgrades as a no-op: "
                        + "23 statements built it; nothing applied",
                "without a down: none",
                "verified: all 5 checks pass");
        assertThat(db.column("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
                .as("the project's database is not touched").isEmpty();
    }

    @Test
    void ferrysTablesInASchemaOfTheirOwnAreNoDifference() throws Exception {
        // The first upgrade creates the history schema: it must not count as what a revision's down forgot.
        String config = EXAMPLE.resolve("ferry.yaml").toString();
        assertThat(verify(0, "--config", config, "--schema", "ferry_meta").outLines())
                .contains("verified: all 5 checks pass");
    }

    @Test
    void aDownThatLeavesAnIndexBehindFailsNamingTheRevisionAndTheIndex() throws Exception {
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("aaaa00000001", "base", "CREATE TABLE t (id bigint PRIMARY KEY, name text);", "DROP TABLE t;");
        p.revision("bbbb00000002", "aaaa00000001", "ALTER TABLE t ADD COLUMN code text;\n"
                + "CREATE INDEX t_code_idx ON t (name);", "ALTER TABLE t DROP COLUMN code;");
        p.revision("cccc00000003", "bbbb00000002", "CREATE TABLE u (id bigint);", "DROP TABLE u;");

        Cli.Result r = verify(1);
        assertThat(r.outLines()).contains(
                "FAILED  up, down, up restores each schema: 2 revisions reverted and applied again, stopped at"
                        + " bbbb00000002",
                "          bbbb00000002: down does not restore the schema before it: index t_code_idx is extra",
                "1 of 5 checks failed");
        assertThat(r.outLines()).filteredOn(l -> l.startsWith("FAILED")).hasSize(1);
        assertThat(r.outLines()).as("the index left behind stops the second up").anyMatch(l -> l.startsWith(
                "          bbbb00000002: up after down fails: ") && l.contains("t_code_idx"));

        JsonNode json = JSON.readTree(verify(1, "--json").out());
        assertThat(json.get("ok").asBoolean()).isFalse();
        JsonNode downUp = json.get("checks").get(2);
        assertThat(downUp.get("name").asText()).isEqualTo("up, down, up restores each schema");
        assertThat(downUp.get("ok").asBoolean()).isFalse();
        assertThat(downUp.get("failures").get(0).asText()).isEqualTo("bbbb00000002: down does not restore the"
                + " schema before it: index t_code_idx is extra");
    }

    @Test
    void anUpThatGivesAnotherSchemaAfterItsDownFailsNamingTheRevisionAndTheDifference() throws Exception {
        // The down restores the schema, but not the row the up wrote: the second up sees it and adds an index.
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("aaaa00000001", "base", "CREATE TABLE runs (n integer);", "DROP TABLE runs;");
        p.revision("bbbb00000002", "aaaa00000001", "INSERT INTO runs VALUES (1);\n"
                + "DO $$ BEGIN IF (SELECT count(*) FROM runs) > 1 THEN CREATE INDEX runs_n_idx ON runs (n); END IF; END $$;\n"
                + "CREATE TABLE u (id bigint);", "DROP TABLE u;");

        Cli.Result r = verify(1);
        assertThat(r.outLines()).contains(
                "FAILED  up, down, up restores each schema: 2 revisions reverted and applied again",
                "          bbbb00000002: up after down gives another schema: index runs_n_idx is extra");
        assertThat(r.outLines()).filteredOn(l -> l.startsWith("          bbbb00000002: "))
                .as("the down itself restored the schema").hasSize(1);
    }

    /** t, then two branches from it: a table b, an index on t. */
    private Project twoHeads() {
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("aaaa00000001", "base", "CREATE TABLE t (id bigint PRIMARY KEY);", "DROP TABLE t;");
        p.revision("bbbb00000002", "aaaa00000001", "CREATE TABLE b (id bigint);", "DROP TABLE b;");
        p.revision("cccc00000003", "aaaa00000001", "CREATE INDEX c_idx ON t (id);", "DROP INDEX c_idx;");
        return p;
    }

    @Test
    void twoHeadsFailTheSingleHeadCheckAndTheRestIsStillChecked() throws Exception {
        twoHeads();

        Cli.Result r = verify(1);
        assertThat(r.outLines()).containsExactly(
                "FAILED  single head: more than one head: bbbb00000002, cccc00000003",
                "ok      a fresh database upgrades to heads: 3 revisions applied",
                "ok      up, down, up restores each schema: 3 revisions reverted and applied again",
                "ok      upgrading again changes nothing: nothing applied",
                "ok      the final schema, stamped at heads, upgrades as a no-op: 4 statements built it;"
                        + " nothing applied",
                "without a down: none",
                "1 of 5 checks failed");
    }

    @Test
    void branchesAndTheirMergeAreEachRevertedAlone() throws Exception {
        Project p = twoHeads();
        p.revision("dddd00000004", "bbbb00000002 cccc00000003", "CREATE TABLE d (id bigint);", "DROP TABLE d;");

        assertThat(verify(0).outLines()).contains(
                "ok      single head: one head: dddd00000004",
                "ok      up, down, up restores each schema: 4 revisions reverted and applied again");
    }

    @Test
    void aRevisionWithoutADownIsListedAndTheWalkGoesOn() throws Exception {
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("aaaa00000001", "base", "CREATE TABLE t (id bigint PRIMARY KEY);", "DROP TABLE t;");
        p.revision("bbbb00000002", "aaaa00000001", "INSERT INTO t VALUES (1);", null);
        p.revision("cccc00000003", "bbbb00000002", "CREATE TABLE u (id bigint);", "DROP TABLE u;");

        Cli.Result r = verify(0);
        assertThat(r.outLines()).contains(
                "ok      up, down, up restores each schema: 2 revisions reverted and applied again",
                "without a down: bbbb00000002 (their down check is skipped)",
                "verified: all 5 checks pass");
        JsonNode json = JSON.readTree(verify(0, "--json").out());
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("withoutDown").toString()).isEqualTo("[\"bbbb00000002\"]");
    }

    @Test
    void anUnreachableDevServerAndMalformedFilesGetTheirUsualCodes() throws Exception {
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("aaaa00000001", "base", "CREATE TABLE t (id bigint PRIMARY KEY);", "DROP TABLE t;");
        Cli.Result unreachable = cli.run("verify", "--dev-url", "postgres://nobody@127.0.0.1:1/postgres");
        assertThat(unreachable.exit()).as(unreachable.toString()).isEqualTo(3);
        assertThat(unreachable.error().message()).startsWith("cannot reach the scratch server");

        p.revision("bbbb00000002", "ffff00000009", "CREATE TABLE u (id bigint);", "DROP TABLE u;");
        Cli.Result malformed = verify(2);
        assertThat(malformed.error().message()).contains("ffff00000009");
    }

    @Test
    void aFlywayProjectIsVerifiedWithItsUndoMigrations() throws Exception {
        Path dir = Files.createDirectories(cwd.resolve("db/migration"));
        Files.writeString(dir.resolve("V1__people.sql"), "CREATE TABLE people (id int);\n");
        Files.writeString(dir.resolve("U1__people.sql"), "DROP TABLE people;\n");
        Files.writeString(dir.resolve("V2__email.sql"), "ALTER TABLE people ADD COLUMN email text;\n");
        Files.writeString(dir.resolve("U2__email.sql"), "ALTER TABLE people DROP COLUMN email;\n");
        Files.writeString(dir.resolve("V3__email_index.sql"), "CREATE INDEX people_email_idx ON people (email);\n");
        Files.writeString(cwd.resolve("ferry.yaml"), "format: flyway\ndirs: [db/migration]\n");

        assertThat(verify(0).outLines()).containsExactly(
                "ok      single head: one head: 3",
                "ok      a fresh database upgrades to heads: 3 revisions applied",
                "ok      up, down, up restores each schema: 2 revisions reverted and applied again",
                "ok      upgrading again changes nothing: nothing applied",
                "ok      the final schema, stamped at heads, upgrades as a no-op: 2 statements built it; nothing"
                        + " applied",
                "without a down: 3 (their down check is skipped)",
                "verified: all 5 checks pass");
    }
}
