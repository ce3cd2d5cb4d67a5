package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.history.Action;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StampTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private Ferry ferry;

    /** a1 - a2 on one branch, b1 - b2 on a second base. */
    @BeforeEach
    void project() throws Exception {
        db.reset();
        Project p = new Project(dir);
        p.revision("a1", "base", "CREATE TABLE never_run (id int);", null);
        p.revision("a2", "a1", "CREATE TABLE never_run_either (id int);", null);
        p.revision("b1", "base", "SELECT 1;", null);
        p.revision("b2", "b1", "SELECT 1;", null);
        ferry = p.ferry(db);
    }

    @Test
    void stampRecordsRevisionsWithoutRunningThem() throws Exception {
        ferry.stamp(List.of("a2"), false);
        assertThat(ferry.current()).containsExactly("a2");
        assertThat(db.column("SELECT to_regclass('never_run') IS NULL")).containsExactly("t");
        assertThat(ferry.history()).singleElement().satisfies(h -> {
            assertThat(h.action()).isEqualTo(Action.STAMP);
            assertThat(h.revision()).isEqualTo("a2");
            assertThat(h.checksum()).isEqualTo(ferry.graph().get("a2").checksum());
        });
        assertThat(ferry.planUpgrade("heads").steps()).extracting(s -> s.revision().id()).containsExactly("b1", "b2");
    }

    @Test
    void stampingOneBranchLeavesTheOther() throws Exception {
        ferry.stamp(List.of("a2", "b2"), false);
        assertThat(ferry.current()).containsExactly("a2", "b2");
        ferry.stamp(List.of("a1"), false);
        assertThat(ferry.current()).containsExactly("a1", "b2");
        ferry.stamp(List.of("base"), false);
        assertThat(ferry.current()).as("base empties the table").isEmpty();
    }

    @Test
    void purgeReplacesWhatTheTableHolds() throws Exception {
        ferry.stamp(List.of("a2", "b2"), false);
        ferry.stamp(List.of("b1"), true);
        assertThat(ferry.current()).containsExactly("b1");
        ferry.stamp(List.of("base"), true);
        assertThat(ferry.current()).isEmpty();
    }

    /** Each row of the log, oldest first, as action:revision. */
    private List<String> log() {
        return ferry.history().stream().map(h -> h.action().column() + ":" + h.revision()).toList();
    }

    @Test
    void everyHeadAStampRemovesIsLogged() throws Exception {
        ferry.stamp(List.of("a2", "b2"), false);
        ferry.stamp(List.of("a1"), false);
        ferry.stamp(List.of("b1"), true);
        ferry.stamp(List.of("base"), false);
        assertThat(ferry.current()).isEmpty();
        assertThat(log()).containsExactly(
                "stamp:a2", "stamp:b2",
                "unstamp:a2", "stamp:a1",
                "unstamp:a1", "unstamp:b2", "stamp:b1",
                "unstamp:b1");
        assertThat(db.query("SELECT action, checksum IS NULL, success, duration_ms FROM ferry_history"
                + " WHERE action = 'unstamp' ORDER BY id")).as("no checksum: the row records a removal")
                .containsOnly(List.of("unstamp", "t", "t", "0"));
        // A stamp that moves a head up the same line leaves it applied, below the new head: no unstamp row.
        ferry.stamp(List.of("a1"), false);
        ferry.stamp(List.of("a2"), false);
        assertThat(log()).endsWith("unstamp:b1", "stamp:a1", "stamp:a2");
        assertThat(ferry.validate().valid()).isTrue();
    }

    @Test
    void aPurgedRevisionThatNoFileDefinesIsLoggedAndNoLongerApplied() throws Exception {
        ferry.stamp(List.of("a1"), false);
        db.execute("INSERT INTO ferry_version VALUES ('gone99')",
                "INSERT INTO ferry_history (revision, action, checksum, started_at, duration_ms, success)"
                        + " VALUES ('gone99', 'upgrade', 'x', now(), 1, true)");
        assertThat(ferry.validate().missing()).containsExactly("gone99");

        ferry.stamp(List.of("a2"), true);

        assertThat(ferry.current()).containsExactly("a2");
        // a1 stays applied below a2; gone99 is no longer applied.
        assertThat(log()).endsWith("upgrade:gone99", "unstamp:gone99", "stamp:a2");
        assertThat(ferry.validate().missing()).as("the purge took it out of the database's history").isEmpty();
    }

    @Test
    void anUnknownRevisionInTheTableNeedsPurge() throws Exception {
        ferry.stamp(List.of("a1"), false);
        db.execute("INSERT INTO ferry_version VALUES ('gone99')");
        var e = assertFails(() -> ferry.stamp(List.of("a2"), false), MigrationErrorCode.UNKNOWN_APPLIED_REVISION, "gone99");
        assertThat(e.remedy().actions()).extracting(Remedy.Action::kind).containsExactly(MigrationRemedy.PURGE);
        assertThat(e.hint()).isEqualTo("stamp with purge set (Ferry.stamp(revisions, true)) to replace what"
                + " ferry_version holds");
        ferry.stamp(List.of("a2"), true);
        assertThat(ferry.current()).containsExactly("a2");
    }

    @Test
    void aBadTargetChangesNothing() throws Exception {
        assertFails(() -> ferry.stamp(List.of("zzzz"), false), MigrationErrorCode.UNKNOWN_REVISION, "'zzzz'");
        assertFails(() -> ferry.stamp(List.of(), false), MigrationErrorCode.INVALID_TARGET);
        assertThat(db.column("SELECT to_regclass('ferry_version') IS NULL")).containsExactly("t");
    }
}
