package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.actions;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.Status;
import io.ferry.migration.UnknownRevisions;
import io.ferry.migration.UnknownRevisions.Placement;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database at revisions the files do not define: what its history shows below them counts as applied,
 * and Ferry tells a database ahead of the files from one on another branch of them.
 */
class UnknownRevisionsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private Project project;
    private Path third;
    private Path fourth;

    @BeforeEach
    void appliedThenFilesRemoved() throws Exception {
        db.reset();
        project = new Project(dir);
        project.revision("r1", "base", "CREATE TABLE t1 (id int);", "DROP TABLE t1;");
        project.revision("r2", "r1", "CREATE TABLE t2 (id int);", "DROP TABLE t2;");
        third = project.revision("r3", "r2", "CREATE TABLE t3 (id int);", "DROP TABLE t3;");
        fourth = project.revision("r4", "r3", "CREATE TABLE t4 (id int);", "DROP TABLE t4;");
    }

    private List<String> log() throws Exception {
        return db.column("SELECT action || ':' || revision FROM ferry_history ORDER BY id");
    }

    @Test
    void olderFilesSeeTheDatabaseAheadWithTheirOwnRevisionsApplied() throws Exception {
        project.ferry(db).upgrade("r3");
        Files.delete(third);
        Files.delete(fourth);
        Ferry ferry = project.ferry(db);

        Status status = ferry.status();
        assertThat(status.pending()).as("r1 and r2 are below r3, so applied").isEmpty();
        assertThat(status.unknown()).containsExactly("r3");
        assertThat(status.upToDate()).isFalse();
        UnknownRevisions unknown = status.unknownRevisions().orElseThrow();
        assertThat(unknown.placement()).isEqualTo(Placement.AHEAD);
        assertThat(unknown.appliedOnTopOf()).containsExactly("r2");
        assertThat(unknown.filesContinueWith()).isEmpty();
        assertThat(unknown.knownTips()).containsExactly("r2");
        assertThat(unknown.message()).contains("ahead of the migration files", "r3", "on top of r2");
        assertThat(ferry.unknownRevisions()).contains(unknown);

        // A run and its plan refuse with the same explanation, and change nothing.
        List<String> before = log();
        FerryException refused = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.UNKNOWN_APPLIED_REVISION,
                "ahead of the migration files", "r3", "on top of r2");
        assertThat(refused.getMessage()).isEqualTo(unknown.message());
        assertThat(actions(refused)).containsExactly("PURGE r2");
        assertThat(refused.hint()).contains("newer version of the project", "undo its changes by hand");
        assertFails(() -> ferry.planUpgrade("head"), MigrationErrorCode.UNKNOWN_APPLIED_REVISION, "ahead");
        assertFails(() -> ferry.downgrade("base"), MigrationErrorCode.UNKNOWN_APPLIED_REVISION, "ahead");
        assertThat(log()).isEqualTo(before);
        assertThat(ferry.current()).containsExactly("r3");

        // The remedy, when r3 was really dropped: undo it by hand, then stamp where the files end.
        db.execute("DROP TABLE t3");
        ferry.stamp(unknown.knownTips(), true);
        assertThat(ferry.status().upToDate()).isTrue();
        assertThat(ferry.status().unknownRevisions()).isEmpty();
    }

    @Test
    void severalRevisionsAheadAreAllNamed() throws Exception {
        project.ferry(db).upgrade("head");
        Files.delete(third);
        Files.delete(fourth);

        UnknownRevisions unknown = project.ferry(db).status().unknownRevisions().orElseThrow();

        assertThat(unknown.placement()).isEqualTo(Placement.AHEAD);
        assertThat(unknown.heads()).containsExactly("r4");
        assertThat(unknown.undefined()).containsExactly("r4", "r3");
        assertThat(unknown.appliedOnTopOf()).containsExactly("r2");
        assertThat(unknown.message()).contains("at r4", "nor r3", "on top of r2");
    }

    @Test
    void filesThatWentAnotherWaySeeAnotherBranch() throws Exception {
        project.ferry(db).upgrade("r3");
        Files.delete(third);
        Files.delete(fourth);
        project.revision("r3b", "r2", "CREATE TABLE t3b (id int);", "DROP TABLE t3b;");
        Ferry ferry = project.ferry(db);

        Status status = ferry.status();
        assertThat(status.pending()).as("only the files' own way after r2").containsExactly("r3b");
        UnknownRevisions unknown = status.unknownRevisions().orElseThrow();
        assertThat(unknown.placement()).isEqualTo(Placement.OTHER_BRANCH);
        assertThat(unknown.appliedOnTopOf()).containsExactly("r2");
        assertThat(unknown.filesContinueWith()).containsExactly("r3b");
        assertThat(unknown.message()).contains("another branch", "r3", "on top of r2", "continue with r3b");

        FerryException refused = assertFails(() -> ferry.upgrade("heads"),
                MigrationErrorCode.UNKNOWN_APPLIED_REVISION, "another branch", "r3b");
        assertThat(actions(refused)).containsExactly("PURGE r2", "UPGRADE heads");
        assertThat(db.column("SELECT to_regclass('t3b') IS NULL")).as("nothing ran").containsExactly("t");

        // Following the hint for a dropped branch: undo r3, stamp r2, apply the files' way.
        db.execute("DROP TABLE t3");
        ferry.stamp(List.of("r2"), true);
        ferry.upgrade("heads");
        assertThat(ferry.current()).containsExactly("r3b");
        assertThat(ferry.status().upToDate()).isTrue();
    }

    @Test
    void aStrayHeadBesideKnownOnesIsNotPlaced() throws Exception {
        Ferry ferry = project.ferry(db);
        ferry.upgrade("r2");
        db.execute("INSERT INTO ferry_version VALUES ('stray1')");

        Status status = ferry.status();
        assertThat(status.pending()).containsExactly("r3", "r4");
        UnknownRevisions unknown = status.unknownRevisions().orElseThrow();
        assertThat(unknown.placement()).isEqualTo(Placement.UNPLACED);
        assertThat(unknown.appliedOnTopOf()).isEmpty();
        assertThat(unknown.knownTips()).containsExactly("r2");
        assertThat(unknown.message()).contains("stray1", "does not show").doesNotContain("none of them");
        FerryException refused = assertFails(() -> ferry.upgrade("head"),
                MigrationErrorCode.UNKNOWN_APPLIED_REVISION, "stray1");
        assertThat(actions(refused)).containsExactly("LOCATIONS", "PURGE r2");
    }

    @Test
    void aDatabaseOfAnotherProjectSharesNoRevisionWithTheFiles() throws Exception {
        project.ferry(db).upgrade("r2");
        Project other = new Project(dir.resolve("other"));
        other.revision("o1", "base", "CREATE TABLE o1 (id int);", "DROP TABLE o1;");
        Ferry ferry = other.ferry(db);

        UnknownRevisions unknown = ferry.status().unknownRevisions().orElseThrow();

        assertThat(unknown.placement()).isEqualTo(Placement.UNPLACED);
        assertThat(unknown.undefined()).containsExactly("r2", "r1");
        assertThat(unknown.knownTips()).isEmpty();
        assertThat(unknown.message()).contains("r2", "none of them is applied");
        assertThat(ferry.status().pending()).containsExactly("o1");
        FerryException refused = assertFails(() -> ferry.upgrade("head"),
                MigrationErrorCode.UNKNOWN_APPLIED_REVISION, "r2");
        assertThat(actions(refused)).containsExactly("LOCATIONS", "PURGE REV");
    }
}
