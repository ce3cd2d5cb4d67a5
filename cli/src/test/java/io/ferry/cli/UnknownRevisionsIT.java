package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * status, check, current, history and upgrade on a database at a revision the files do not define,
 * through ./ferry against real PostgreSQL: applied A -> B -> C, then C's file is gone.
 */
class UnknownRevisionsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path cwd;

    private Cli cli;
    private Project project;
    private Path third;

    @BeforeEach
    void appliedThreeRevisions() throws Exception {
        db.reset();
        project = new Project(cwd.resolve("migrations"));
        project.revision("aaaa00000001", "base", "CREATE TABLE t1 (id int);", "DROP TABLE t1;");
        project.revision("bbbb00000002", "aaaa00000001", "CREATE TABLE t2 (id int);", "DROP TABLE t2;");
        third = project.revision("cccc00000003", "bbbb00000002", "CREATE TABLE t3 (id int);", "DROP TABLE t3;");
        cli = Cli.against(db, cwd);
        assertThat(cli.run("upgrade", "head").exit()).isZero();
        Files.delete(third);
    }

    private Cli.Result run(int exit, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        return r;
    }

    @Test
    void olderFilesShowTheDatabaseAheadAndWhatToDo() {
        Cli.Result status = run(0, "status");
        assertThat(status.out()).contains("current:      cccc00000003", "target:       bbbb00000002",
                "pending:      none", "unknown:      the database is ahead of the migration files",
                "on top of bbbb00000002", "what to do:", "ferry stamp --purge bbbb00000002");
        assertThat(status.out()).doesNotContain("aaaa00000001");

        Cli.Result statusJson = run(0, "status", "--json");
        assertThat(statusJson.out()).contains("\"pending\":[]", "\"unknown\":[\"cccc00000003\"]",
                "\"unknownRevisions\":{\"placement\":\"ahead\",\"heads\":[\"cccc00000003\"],"
                        + "\"undefined\":[\"cccc00000003\"],\"appliedOnTopOf\":[\"bbbb00000002\"],"
                        + "\"filesContinueWith\":[],\"message\":\"the database is ahead of the migration files",
                "\"hint\":\"run the newer version of the project", "\"upToDate\":false");

        Cli.Result check = run(1, "check");
        assertThat(check.out()).contains("ahead of the migration files", "cccc00000003", "bbbb00000002",
                "ferry stamp --purge bbbb00000002").doesNotContain("pending");
        Cli.Result checkJson = run(1, "check", "--json");
        assertThat(checkJson.out()).startsWith("{\"upToDate\":false,\"current\":[\"cccc00000003\"],"
                + "\"heads\":[\"bbbb00000002\"],\"pending\":[],\"unknown\":[\"cccc00000003\"],"
                + "\"unknownRevisions\":{\"placement\":\"ahead\"");

        assertThat(run(0, "current").out()).contains("cccc00000003 (not defined by any migration file)",
                "ahead of the migration files");
        assertThat(run(0, "history", "--json").out()).doesNotContain("\"applied\":false");
        assertThat(run(0, "history", "--indicate-current").out())
                .contains("bbbb00000002 (head, applied, below current cccc00000003)", "ahead of the migration files");

        for (String[] refused : new String[][] {{"upgrade", "head"}, {"upgrade", "head", "--json"},
                {"upgrade", "head", "--sql"}}) {
            Cli.Result r = run(1, refused);
            assertThat(r.err()).contains("ahead of the migration files",
                    "cccc00000003", "ferry stamp --purge bbbb00000002");
            assertThat(r.out()).doesNotContain("CREATE", "upgraded");
        }
    }

    @Test
    void filesThatWentAnotherWayShowAnotherBranchAndTheHintWorks() throws Exception {
        project.revision("dddd00000004", "bbbb00000002", "CREATE TABLE t4 (id int);", "DROP TABLE t4;");

        Cli.Result status = run(0, "status");
        assertThat(status.out()).contains("pending:      1: dddd00000004", "another branch of the migrations",
                "continue with dddd00000004", "ferry stamp --purge bbbb00000002", "ferry upgrade heads");
        Cli.Result check = run(1, "check", "--json");
        assertThat(check.out()).contains("\"pending\":[\"dddd00000004\"]", "\"placement\":\"other-branch\"",
                "\"filesContinueWith\":[\"dddd00000004\"]");
        Cli.Result upgrade = run(1, "upgrade", "heads");
        assertThat(upgrade.err()).contains("another branch", "cccc00000003");
        assertThat(db.column("SELECT to_regclass('t4') IS NULL")).as("nothing ran").containsExactly("t");

        // The branch was dropped: undo it by hand, then do what the hint says.
        db.execute("DROP TABLE t3");
        run(0, "stamp", "--purge", "bbbb00000002");
        run(0, "upgrade", "heads");
        assertThat(run(0, "check").out()).contains("up to date", "dddd00000004");
    }
}
