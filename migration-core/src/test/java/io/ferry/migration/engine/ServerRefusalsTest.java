package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.actions;
import static io.ferry.migration.testing.Errors.assertFailed;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server refuses for reasons of its own (a full disk, no memory, a timeout, a conflict with a
 * concurrent transaction) gets its own code, says what happened to the revision, and what to do. A full
 * disk and no memory cannot be had at will here, so a revision raises their SQLSTATEs itself, as the
 * server would; the timeouts and the conflict are real.
 */
class ServerRefusalsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @BeforeEach
    void clean() throws Exception {
        db.reset();
    }

    private static String raise(String errcode, String message) {
        return "DO $$ BEGIN RAISE EXCEPTION '" + message + "' USING ERRCODE = '" + errcode + "'; END $$;";
    }

    @Test
    void aFullDiskSaysSoAndThatTheRevisionWasRolledBack() throws Exception {
        Project p = new Project(dir);
        p.revision("df1", "base", "CREATE TABLE made (id int);\n"
                + raise("disk_full", "could not extend file \"base/1/2\": No space left on device"), null);
        Ferry ferry = p.ferry(db);

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.DISK_FULL, "df1",
                "the database server ran out of disk space", "No space left on device", "53100");
        assertThat(e.category()).isEqualTo(ErrorCategory.FAILURE);
        assertThat(e.hint()).contains("nothing of this revision was applied", "free space", "disk-full");
        assertThat(db.column("SELECT to_regclass('made') IS NULL")).containsExactly("t");
        assertThat(ferry.history()).singleElement().satisfies(h -> assertThat(h.success()).isFalse());
    }

    @Test
    void aFullDiskInARevisionRunStatementByStatementSaysWhichStatementsStay() throws Exception {
        Project p = new Project(dir);
        p.revision("df2", "base", "-- ferry:transactional false\n", "CREATE TABLE made (id int);\n"
                + raise("disk_full", "could not write to file \"pg_wal/xlogtemp.1\": No space left on device"), null);
        Ferry ferry = p.ferry(db);

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.DISK_FULL, "df2",
                "ran out of disk space");
        assertThat(e.hint()).contains("statement 1 of 2 ran and stays applied", "free space");
        assertThat(actions(e)).containsExactly("RESUME", "RESTART");
        assertThat(db.column("SELECT to_regclass('made') IS NOT NULL")).containsExactly("t");
    }

    @Test
    void noMemorySaysSo() throws Exception {
        Project p = new Project(dir);
        p.revision("om1", "base", "CREATE TABLE made (id int);\n"
                + raise("out_of_memory", "out of memory"), null);
        Ferry ferry = p.ferry(db);

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.OUT_OF_MEMORY, "om1",
                "the database server ran out of memory", "53200");
        assertThat(e.hint()).contains("nothing of this revision was applied", "work_mem");
        assertThat(db.column("SELECT to_regclass('made') IS NULL")).containsExactly("t");
    }

    @Test
    void theRevisionsOwnStatementTimeoutNamesItsHeader() throws Exception {
        Project p = new Project(dir);
        Path file = p.revision("st1", "base", "-- ferry:statement-timeout 200ms\n",
                "CREATE TABLE made (id int);\nSELECT pg_sleep(30);", null);
        Ferry ferry = p.ferry(db);

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.STATEMENT_TIMEOUT,
                file + ":7", "ran longer than the revision's own limit of 200ms", "57014");
        assertThat(e.hint()).contains("nothing of this revision was applied", "-- ferry:statement-timeout in " + file);
        assertThat(db.column("SELECT to_regclass('made') IS NULL")).containsExactly("t");
        assertThat(ferry.history()).singleElement().satisfies(h -> assertThat(h.success()).isFalse());
    }

    @Test
    void theRunsStatementTimeoutNamesTheSetting() throws Exception {
        Project p = new Project(dir);
        p.revision("st2", "base", "SELECT pg_sleep(30);", null);
        Ferry ferry = p.configure(db).statementTimeout(Duration.ofMillis(200)).load();

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.STATEMENT_TIMEOUT,
                "ran longer than the run's limit of 200ms");
        assertThat(actions(e)).containsExactly("STATEMENT_TIMEOUT");
    }

    /**
     * A server whose lc_messages is not English words the timeout in its own language. The test server
     * has no other locale, so the revision stands in for it: it catches its real statement timeout and
     * raises it again, with the same SQLSTATE, in German. Ferry tells it by how long the statement ran
     * against the limit it ran under, not by the words.
     */
    @Test
    void aStatementTimeoutInAnotherLanguageIsStillATimeout() throws Exception {
        Project p = new Project(dir);
        Path file = p.revision("st3", "base", "-- ferry:statement-timeout 300ms\n", "CREATE TABLE made (id int);\n"
                + "DO $$ BEGIN PERFORM pg_sleep(30); EXCEPTION WHEN query_canceled THEN"
                + " RAISE EXCEPTION 'Abbruch der Anweisung wegen Zeitueberschreitung' USING ERRCODE = 'query_canceled';"
                + " END $$;", null);
        Ferry ferry = p.ferry(db);

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.STATEMENT_TIMEOUT,
                file + ":7", "ran longer than the revision's own limit of 300ms", "57014");
        assertThat(e.getCause()).hasMessageContaining("Zeitueberschreitung");
        assertThat(e.hint()).contains("-- ferry:statement-timeout in " + file);
        assertThat(db.column("SELECT to_regclass('made') IS NULL")).containsExactly("t");
    }

    /** The same with the run's limit: a cancel worded in German after the limit ran out is the timeout. */
    @Test
    void theRunsStatementTimeoutInAnotherLanguageIsStillATimeout() throws Exception {
        Project p = new Project(dir);
        p.revision("st4", "base", "DO $$ BEGIN PERFORM pg_sleep(30); EXCEPTION WHEN query_canceled THEN"
                + " RAISE EXCEPTION 'Abbruch wegen Zeitueberschreitung' USING ERRCODE = 'query_canceled'; END $$;", null);
        Ferry ferry = p.configure(db).statementTimeout(Duration.ofMillis(200)).load();

        assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.STATEMENT_TIMEOUT,
                "ran longer than the run's limit of 200ms");
    }

    /** A cancel from another session, under a run limit it never reached, is no timeout. */
    @Test
    void aStatementCancelledByAnotherSessionIsNoTimeout() throws Exception {
        Project p = new Project(dir);
        p.revision("cx1", "base", "SELECT pg_sleep(300);", null);
        Ferry ferry = p.configure(db).statementTimeout(Duration.ofMinutes(10)).load();

        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> ferry.upgrade("head"));
        Await.until("the revision sleeps", () -> !db.column("SELECT pid FROM pg_stat_activity WHERE"
                + " application_name = 'ferry' AND query LIKE 'SELECT pg_sleep(300)%' AND state = 'active'").isEmpty());
        db.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'ferry'"
                + " AND query LIKE 'SELECT pg_sleep(300)%'");
        FerryException e = assertFailed(run, MigrationErrorCode.MIGRATION_FAILED, "canceling statement due to user request", "cancelled the statement");
        assertThat(e.sqlState()).contains("57014");
    }

    /**
     * A real serialization failure: the revision reads at REPEATABLE READ, waits at a gate the test holds
     * while another session changes a row and commits, then updates that row.
     */
    @Test
    void aSerializationFailureSaysAConcurrentTransactionWon() throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t VALUES (1, 0)");
        Project p = new Project(dir);
        p.revision("sf1", "base", """
                SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;
                SELECT count(*) FROM t;
                SELECT pg_advisory_xact_lock(4343);
                UPDATE t SET v = 1 WHERE id = 1;""", null);
        Ferry ferry = p.configure(db).lockTimeout(Duration.ofMinutes(2)).load();
        FerryException e;
        try (Connection gate = db.connect(); Statement g = gate.createStatement()) {
            g.execute("SELECT pg_advisory_lock(4343)");
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> ferry.upgrade("head"));
            Await.until("the revision waits at the gate", () -> !db.column("SELECT pid FROM pg_stat_activity"
                    + " WHERE application_name = 'ferry' AND wait_event_type = 'Lock'").isEmpty());
            db.execute("UPDATE t SET v = 2 WHERE id = 1");
            g.execute("SELECT pg_advisory_unlock(4343)");
            e = assertFailed(run, MigrationErrorCode.SERIALIZATION_FAILURE, "sf1", "could not serialize access", "40001");
        }
        assertThat(e.hint()).contains("nothing of this revision was applied", "run the command again");
        assertThat(db.column("SELECT v FROM t")).containsExactly("2");
    }
}
