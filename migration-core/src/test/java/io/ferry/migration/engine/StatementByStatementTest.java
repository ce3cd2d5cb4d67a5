package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.actions;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.exec.PartialPolicy;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Revisions marked {@code -- ferry:transactional false}: statement by statement, with progress recorded. */
class StatementByStatementTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeEach
    void clean() throws Exception {
        db.reset();
    }

    @Test
    void concurrentIndexesRunOutsideATransaction(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("t1", "base", "CREATE TABLE items (id int, name text);", "DROP TABLE items;");
        p.revision("t2", "t1", "-- ferry:transactional false\n",
                "CREATE INDEX CONCURRENTLY items_name ON items (name);\nVACUUM items;",
                "DROP INDEX CONCURRENTLY items_name;");
        Ferry ferry = p.ferry(db);
        ferry.upgrade("head");
        assertThat(db.column("SELECT indexname FROM pg_indexes WHERE tablename = 'items'")).containsExactly("items_name");
        HistoryEntry row = ferry.history().get(1);
        assertThat(row.statementsDone()).contains(2);
        assertThat(row.statementsTotal()).contains(2);
        ferry.downgrade("t1");
        assertThat(db.column("SELECT indexname FROM pg_indexes WHERE tablename = 'items'")).isEmpty();
    }

    @Test
    void aFailureRecordsHowFarItGotAndTheNextRunSaysExactlyWhere(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("s1", "base", "CREATE TABLE items (id int, name text);\nCREATE TABLE log (n int);", null);
        Path file = p.revision("s2", "s1", "-- ferry:transactional false\n", """
                INSERT INTO log VALUES (1);
                INSERT INTO log VALUES (2);
                INSERT INTO missing VALUES (3);
                INSERT INTO log VALUES (4);""", null);
        Ferry ferry = p.ferry(db);

        FerryException first = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.MIGRATION_FAILED,
                file + ":8", "\"missing\" does not exist");
        assertThat(first.hint()).contains("statements 1 to 2 of 4 ran and stay applied", "statement 3");
        assertThat(actions(first)).containsExactly("RESUME", "RESTART");
        assertThat(db.column("SELECT n FROM log ORDER BY n")).containsExactly("1", "2");
        assertThat(ferry.current()).containsExactly("s1");
        HistoryEntry failure = ferry.history().get(1);
        assertThat(failure.statementsDone()).contains(2);
        assertThat(failure.statementsTotal()).contains(4);

        FerryException second = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.PARTIALLY_APPLIED,
                "s2", "statements 1 to 2 of 4", "statement 3 at " + file + ":8", "\"missing\" does not exist");
        assertThat(actions(second)).containsExactly("RESUME", "RESTART");
        assertThat(db.column("SELECT n FROM log ORDER BY n")).as("the refusal ran nothing").containsExactly("1", "2");

        db.execute("CREATE TABLE missing (n int)");
        p.configure(db).partialPolicy(PartialPolicy.RESUME).load().upgrade("head");
        assertThat(db.column("SELECT n FROM log ORDER BY n")).as("resumed at statement 3").containsExactly("1", "2", "4");
        assertThat(db.column("SELECT n FROM missing")).containsExactly("3");
        assertThat(ferry.current()).containsExactly("s2");
        assertThat(ferry.status().lastFailure()).as("the success put the failure right").isEmpty();
    }

    /**
     * A revision that makes its own session read-only fails, and its failure cannot be recorded either: the
     * hint then offers no resume or restart (a new run starts at statement 1), only undoing by hand.
     */
    @Test
    void aFailureTheHistoryCannotTakeOffersOnlyUndoingByHand(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("u1", "base", "CREATE TABLE log (n int);", null);
        p.revision("u2", "u1", "-- ferry:transactional false\n", """
                INSERT INTO log VALUES (1);
                SET default_transaction_read_only = on;
                INSERT INTO log VALUES (3);""", null);
        p.revision("u3", "u1", "-- ferry:transactional false\n", """
                INSERT INTO log VALUES (1);
                SET default_transaction_read_only = on;""", null);
        Ferry ferry = p.ferry(db);
        ferry.upgrade("u1");

        FerryException failed = assertFails(() -> ferry.upgrade("u2"), MigrationErrorCode.READ_ONLY_DATABASE, "u2");
        assertThat(failed.hint()).contains("statements 1 to 2 of 3 ran and stay applied",
                "recording the failure in the history failed too", "a new run would start the revision at statement 1"
                        + " again: undo statements 1 to 2 by hand before it");
        assertThat(failed.hint()).doesNotContain("continue at statement");
        assertThat(actions(failed)).doesNotContain("RESUME", "RESTART");
        assertThat(ferry.status().lastFailure()).as("as the hint says").isEmpty();

        db.execute("DELETE FROM log");
        FerryException unrecorded = assertFails(() -> ferry.upgrade("u3"), MigrationErrorCode.READ_ONLY_DATABASE,
                "u3");
        assertThat(unrecorded.hint()).contains("all 2 statements ran and stay applied",
                "recording the failure in the history failed too", "undo statements 1 to 2 by hand before it");
        assertThat(unrecorded.hint()).doesNotContain("to record it");
        assertThat(actions(unrecorded)).doesNotContain("RESUME", "RESTART");
        assertThat(db.column("SELECT n FROM log")).containsExactly("1");
        assertThat(ferry.status().lastFailure()).isEmpty();
    }

    /**
     * A Flyway callback after a migration that runs outside a transaction fails once every statement has
     * run: the failure records them all as done, and the hint says so, where it used to say none ran.
     */
    @Test
    void aCallbackFailingAfterTheStatementsRecordsThemAsDone(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__log.sql"), "CREATE TABLE log (n int);\nINSERT INTO log VALUES (1);\n");
        Files.writeString(dir.resolve("V1__log.sql.conf"), "executeInTransaction=false\n");
        Files.writeString(dir.resolve("afterEachMigrate.sql"), "INSERT INTO nowhere VALUES (1);\n");
        Ferry ferry = new Project(dir).configure(db).flyway().load();

        FerryException failed = assertFails(() -> ferry.upgrade("heads"), MigrationErrorCode.MIGRATION_FAILED,
                "afterEachMigrate.sql", "\"nowhere\" does not exist");
        assertThat(failed.hint()).contains("all 2 statements ran and stay applied", "not recorded as applied",
                "to record it");
        assertThat(failed.hint()).doesNotContain("no statement");
        assertThat(actions(failed)).containsExactly("RESUME");
        HistoryEntry failure = ferry.status().lastFailure().orElseThrow();
        assertThat(failure.statementsDone()).contains(2);
        assertThat(failure.statementsTotal()).contains(2);

        db.execute("CREATE TABLE nowhere (n int)");
        new Project(dir).configure(db).flyway().partialPolicy(PartialPolicy.RESUME).load().upgrade("heads");
        assertThat(db.column("SELECT n FROM log")).as("the resume ran no statement again").containsExactly("1");
        assertThat(db.column("SELECT n FROM nowhere")).containsExactly("1");
        assertThat(ferry.status().lastFailure()).isEmpty();
    }

    @Test
    void resumeRefusesWhenTheStatementsThatRanHaveChanged(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("q1", "base", "CREATE TABLE log (n int);", null);
        Path file = p.revision("q2", "q1", "-- ferry:transactional false\n",
                "INSERT INTO log VALUES (1);\nINSERT INTO nowhere VALUES (2);", null);
        assertFails(() -> p.ferry(db).upgrade("head"), MigrationErrorCode.MIGRATION_FAILED, "nowhere");
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file).replace("VALUES (1)", "VALUES (10)")
                .replace("nowhere", "log"));
        assertFails(() -> p.configure(db).partialPolicy(PartialPolicy.RESUME).load().upgrade("head"),
                MigrationErrorCode.PARTIALLY_APPLIED, "cannot resume q2", "first 1 statements");
        assertThat(db.column("SELECT n FROM log")).containsExactly("1");
    }

    @Test
    void restartRunsTheRevisionFromItsFirstStatement(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("r1", "base", "CREATE TABLE log (n int);", null);
        p.revision("r2", "r1", "-- ferry:transactional false\n",
                "INSERT INTO log VALUES (1);\nINSERT INTO log VALUES (1 / (SELECT count(*) - 1 FROM log));", null);
        Ferry ferry = p.ferry(db);
        assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.MIGRATION_FAILED, "division by zero");
        db.execute("DELETE FROM log");
        db.execute("INSERT INTO log VALUES (0)");
        p.configure(db).partialPolicy(PartialPolicy.RESTART).load().upgrade("head");
        assertThat(db.column("SELECT n FROM log ORDER BY n")).containsExactly("0", "1", "1");
    }

    @Test
    void aConcurrentIndexInATransactionalRevisionIsRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("x1", "base", "CREATE TABLE items (id int);", null);
        Path file = p.revision("x2", "x1", "CREATE INDEX CONCURRENTLY items_id ON items (id);", null);
        Ferry ferry = p.ferry(db);
        assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.NON_TRANSACTIONAL_STATEMENT, file + ":5",
                "CREATE INDEX CONCURRENTLY cannot run inside a transaction");
        assertThat(db.column("SELECT to_regclass('items') IS NULL")).as("x1 did not run either").containsExactly("t");
        assertThat(ferry.current()).isEmpty();
    }
}
