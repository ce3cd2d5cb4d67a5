package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FailedRevisionTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeEach
    void clean() throws Exception {
        db.reset();
    }

    @Test
    void aFailingThirdStatementLeavesNoTraceOfTheFirstTwo(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("ok1", "base", "CREATE TABLE kept (id int);", "DROP TABLE kept;");
        Path bad = p.revision("bad2", "ok1", """
                CREATE TABLE first_one (id int);
                INSERT INTO kept VALUES (1);
                INSERT INTO no_such_table VALUES (1);
                CREATE TABLE never (id int);""", null);
        Ferry ferry = p.ferry(db);

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.MIGRATION_FAILED,
                "bad2", bad + ":7", "relation \"no_such_table\" does not exist", "42P01");
        assertThat(e.hint()).contains("nothing of this revision was applied",
                "correct the revision's SQL where the message points (or what it relies on), then run the command again");

        assertThat(db.column("SELECT to_regclass('first_one') IS NULL")).containsExactly("t");
        assertThat(db.column("SELECT count(*) FROM kept")).as("the insert was rolled back").containsExactly("0");
        assertThat(db.column("SELECT version_num FROM ferry_version")).as("ok1 ran before and stays")
                .containsExactly("ok1");

        List<HistoryEntry> history = ferry.history();
        assertThat(history).hasSize(2);
        HistoryEntry failure = history.get(1);
        assertThat(failure.revision()).isEqualTo("bad2");
        assertThat(failure.success()).isFalse();
        assertThat(failure.error()).hasValueSatisfying(text -> assertThat(text).contains("no_such_table", "42P01"));
        assertThat(ferry.status().lastFailure()).contains(failure);
    }

    @Test
    void aServerMessageOfSeveralLinesIsReportedOnOne(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("ml1", "base", "DO $$ BEGIN RAISE EXCEPTION E'first line\\nsecond line'; END $$;", null);
        Ferry ferry = p.ferry(db);

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.MIGRATION_FAILED, "ml1",
                "first line second line", "P0001");
        assertThat(e.getMessage()).doesNotContain("\n", "\r");
        assertThat(ferry.status().lastFailure().orElseThrow().error())
                .hasValueSatisfying(text -> assertThat(text).contains("first line second line").doesNotContain("\n"));
    }
}
