package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.ValidationResult;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ChecksumTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeEach
    void clean() throws Exception {
        db.reset();
    }

    @Test
    void anEditedAppliedFileStopsUpgradeAndValidateBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        Path first = p.revision("c1", "base", "CREATE TABLE t (id int);", "DROP TABLE t;");
        Ferry before = p.ferry(db);
        before.upgrade("head");
        String recorded = before.graph().get("c1").checksum();
        assertThat(before.validate().valid()).isTrue();

        Files.writeString(first, Files.readString(first).replace("(id int)", "(id bigint)"));
        p.revision("c2", "c1", "CREATE TABLE u (id int);", "DROP TABLE u;");
        Ferry after = p.ferry(db);
        String now = after.graph().get("c1").checksum();
        assertThat(now).isNotEqualTo(recorded);

        assertFails(() -> after.upgrade("head"), MigrationErrorCode.CHECKSUM_MISMATCH, first.toString(), recorded, now);
        assertThat(db.column("SELECT to_regclass('u') IS NULL")).as("c2 did not run").containsExactly("t");
        assertThat(after.current()).containsExactly("c1");

        ValidationResult validation = after.validate();
        assertThat(validation.valid()).isFalse();
        assertThat(validation.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.origin()).isEqualTo(first.toString());
            assertThat(m.recorded()).isEqualTo(recorded);
            assertThat(m.current()).isEqualTo(now);
        });
    }

    @Test
    void anAppliedRevisionWhoseFileIsGoneIsReportedMissing(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("m1", "base", "CREATE TABLE t (id int);", "DROP TABLE t;");
        Path second = p.revision("m2", "m1", "CREATE TABLE u (id int);", "DROP TABLE u;");
        p.ferry(db).upgrade("head");
        Files.delete(second);
        Ferry ferry = p.ferry(db);

        assertThat(ferry.validate().missing()).containsExactly("m2");
        assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.UNKNOWN_APPLIED_REVISION, "at m2", "ahead");
    }
}
