package io.ferry.migration.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revision whose statements return no rows goes to the server in one batch with its history row (one round
 * trip, then the commit); the row is then written as SQL text, with the duration the server measured. That row
 * holds what the other way writes: its values exactly, quotes and backslashes included whatever
 * {@code standard_conforming_strings} says, and a duration that covers the statements. A revision with a
 * statement that returns rows runs the other way and is recorded all the same.
 */
class PipelinedRevisionTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private String user;

    @BeforeEach
    void clean() throws Exception {
        db.reset();
        user = System.getProperty("user.name");
    }

    @AfterEach
    void restore() throws Exception {
        System.setProperty("user.name", user);
        db.execute("ALTER DATABASE " + db.name() + " RESET standard_conforming_strings");
    }

    @Test
    void theRowHoldsItsValuesExactlyWhateverStandardConformingStringsSays(@TempDir Path dir) throws Exception {
        String awkward = "o'brien\\n\\\\x";
        System.setProperty("user.name", awkward);
        Project p = new Project(dir);
        p.revision("on1", "base", "CREATE TABLE one (id int); INSERT INTO one VALUES (1);", null);
        p.revision("off2", "on1", "CREATE TABLE two (id int); INSERT INTO two VALUES (2);", null);
        p.ferry(db).upgrade("on1");
        db.execute("ALTER DATABASE " + db.name() + " SET standard_conforming_strings = off");
        Ferry ferry = p.ferry(db);
        ferry.upgrade("head");

        assertThat(db.column("SELECT os_user FROM ferry_history ORDER BY id")).containsExactly(awkward, awkward);
        assertThat(db.column("SELECT revision || ' ' || checksum FROM ferry_history ORDER BY id"))
                .containsExactly("on1 " + ferry.graph().get("on1").checksum(),
                        "off2 " + ferry.graph().get("off2").checksum());
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("off2");
        assertThat(db.column("SELECT (SELECT count(*) FROM one) + (SELECT count(*) FROM two)")).containsExactly("2");
    }

    @Test
    void theDurationCoversTheStatements(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("slow1", "base", "CREATE TABLE slow (id int); DO $$ BEGIN PERFORM pg_sleep(0.3); END $$;", null);
        p.ferry(db).upgrade("head");

        List<String> row = db.query("SELECT duration_ms, success FROM ferry_history").get(0);
        assertThat(Long.parseLong(row.get(0))).as("duration_ms of a revision that sleeps 0.3 s")
                .isGreaterThanOrEqualTo(300);
        assertThat(row.get(1)).isEqualTo("t");
    }

    @Test
    void aRevisionWithAStatementThatReturnsRowsIsRecordedAllTheSame(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("seq1", "base", "CREATE SEQUENCE s; SELECT setval('s', 41); CREATE TABLE t (id int DEFAULT"
                + " nextval('s'));", null);
        p.revision("ret2", "seq1", "INSERT INTO t DEFAULT VALUES RETURNING id;", null);
        p.ferry(db).upgrade("head");

        assertThat(db.column("SELECT id FROM t")).containsExactly("42");
        assertThat(db.column("SELECT revision || ' ' || success FROM ferry_history ORDER BY id"))
                .containsExactly("seq1 true", "ret2 true");
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("ret2");
    }
}
