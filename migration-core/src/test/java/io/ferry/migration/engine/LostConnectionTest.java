package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.actions;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.exec.PartialPolicy;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.testing.Backends;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's work connection terminated with {@code pg_terminate_backend} in the middle of a revision: the
 * failure is still recorded (on a new connection), the status shows it, and the next run takes it from
 * there.
 */
class LostConnectionTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final ExecutorService background = Executors.newCachedThreadPool();

    @AfterAll
    static void stop() {
        background.shutdownNow();
    }

    @BeforeEach
    void clean() throws Exception {
        db.reset();
    }

    /**
     * Upgrades to head in the background, ends its work session once it runs a statement starting with
     * {@code prefix}, and returns the error, which must be a lost connection saying each of {@code fragments}.
     */
    private static FerryException terminatedWhileRunning(Ferry ferry, String prefix, String... fragments)
            throws Exception {
        Future<MigrationResult> run = background.submit(() -> ferry.upgrade("head"));
        Backends.terminate(db.dataSource(), Backends.awaitRunning(db.dataSource(), prefix));
        return assertFails(() -> Backends.outcome(run), MigrationErrorCode.CONNECTION_LOST, fragments);
    }

    @Test
    void aTransactionalRevisionIsRolledBackRecordedAndRunsAgainWhole(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("a1", "base", "CREATE TABLE pause (seconds int);\nINSERT INTO pause VALUES (300);", null);
        Path file = p.revision("a2", "a1", "CREATE TABLE half_done (id int);\n"
                + "SELECT pg_sleep((SELECT seconds FROM pause));", null);
        Ferry ferry = p.ferry(db);
        ferry.upgrade("a1");

        FerryException lost = terminatedWhileRunning(ferry, "SELECT pg_sleep",
                "upgrade of a2", file + ":6", "while statement 2 of 2 ran", "57P01", "transaction was rolled back");
        assertThat(lost.category().exitCode()).isEqualTo(3);
        assertThat(lost.getMessage()).doesNotContain("failed too", "migration lock was lost");
        assertThat(lost.hint()).contains("nothing of this revision was applied", "the failure is recorded",
                "run the command again");
        assertThat(actions(lost)).containsExactly("SHOW_STATUS");

        assertThat(db.column("SELECT to_regclass('half_done') IS NULL")).containsExactly("t");
        assertThat(ferry.current()).containsExactly("a1");
        HistoryEntry failure = ferry.status().lastFailure().orElseThrow();
        assertThat(failure.revision()).isEqualTo("a2");
        assertThat(failure.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("lost the connection to the database", "57P01"));
        assertThat(failure.statementsDone()).isEmpty();

        db.execute("UPDATE pause SET seconds = 0");
        assertThat(ferry.upgrade("head").steps()).extracting(s -> s.revision()).containsExactly("a2");
        assertThat(db.column("SELECT to_regclass('half_done') IS NOT NULL")).containsExactly("t");
        assertThat(ferry.status().lastFailure()).as("the rerun put the failure right").isEmpty();
    }

    /**
     * A deferred constraint trigger makes the revision's commit wait: the connection ends during the commit,
     * which the run cannot tell succeeded or not, and the error says to look before running again.
     */
    @Test
    void aConnectionLostWhileCommittingSaysTheOutcomeIsUnknown(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("c1", "base", "CREATE TABLE pause (seconds int);\nINSERT INTO pause VALUES (300);", null);
        p.revision("c2", "c1", """
                CREATE TABLE checked (id int);
                CREATE FUNCTION slow_check() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_sleep((SELECT seconds FROM pause));
                    RETURN NULL;
                END $$;
                CREATE CONSTRAINT TRIGGER slow AFTER INSERT ON checked DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION slow_check();
                INSERT INTO checked VALUES (1);""", null);
        Ferry ferry = p.ferry(db);
        ferry.upgrade("c1");

        FerryException lost = terminatedWhileRunning(ferry, "COMMIT",
                "upgrade of c2", "while its transaction committed", "57P01", "whether it committed is unknown");
        assertThat(lost.getMessage()).doesNotContain("rolled back");
        assertThat(lost.hint()).contains("the commit may have succeeded", "whether the revision is applied before"
                + " running again");
        assertThat(actions(lost)).containsExactly("SHOW_STATUS");

        assertThat(ferry.current()).as("the server rolled the commit back").containsExactly("c1");
        db.execute("UPDATE pause SET seconds = 0");
        ferry.upgrade("head");
        assertThat(ferry.current()).containsExactly("c2");
    }

    @Test
    void aStatementByStatementRevisionRecordsWhatCompletedAndResumesAtTheTerminatedStatement(@TempDir Path dir)
            throws Exception {
        Project p = new Project(dir);
        p.revision("b1", "base", "CREATE TABLE pause (seconds int);\nINSERT INTO pause VALUES (300);", null);
        Path file = p.revision("b2", "b1", "-- ferry:transactional false\n", """
                CREATE TABLE made (n int);
                INSERT INTO made SELECT 2 FROM pg_sleep((SELECT seconds FROM pause));
                INSERT INTO made VALUES (3);""", null);
        Ferry ferry = p.ferry(db);
        ferry.upgrade("b1");

        FerryException lost = terminatedWhileRunning(ferry, "INSERT INTO made SELECT 2",
                "upgrade of b2", file + ":7", "while statement 2 of 3 ran", "57P01",
                "statement 1 of 3 ran and stays applied");
        assertThat(lost.category().exitCode()).isEqualTo(3);
        assertThat(lost.hint()).contains("the failure is recorded with statement 1 of 3 done",
                "continue at statement 2");
        assertThat(lost.hint()).as("the server said the session ended: nothing is ambiguous")
                .doesNotContain("may have committed");
        assertThat(actions(lost)).containsExactly("SHOW_STATUS", "RESUME");

        assertThat(db.column("SELECT count(*) FROM made")).as("statement 2 was rolled back").containsExactly("0");
        HistoryEntry failure = ferry.status().lastFailure().orElseThrow();
        assertThat(failure.revision()).isEqualTo("b2");
        assertThat(failure.statementsDone()).contains(1);
        assertThat(failure.statementsTotal()).contains(3);
        assertThat(failure.error()).hasValueSatisfying(e -> assertThat(e).contains("lost the connection"));

        assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.PARTIALLY_APPLIED,
                "statements 1 to 1 of 3", "statement 2 at " + file + ":7", "lost the connection");
        db.execute("UPDATE pause SET seconds = 0");
        p.configure(db).partialPolicy(PartialPolicy.RESUME).load().upgrade("head");

        assertThat(db.column("SELECT n FROM made ORDER BY n")).as("statements 2 and 3 ran once each")
                .containsExactly("2", "3");
        assertThat(ferry.current()).containsExactly("b2");
        assertThat(ferry.status().lastFailure()).isEmpty();
    }
}
