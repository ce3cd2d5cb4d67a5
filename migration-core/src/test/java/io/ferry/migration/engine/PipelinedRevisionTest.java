package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFailed;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
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

    /**
     * The twelfth statement fails, and its text is the second's: the failure names the twelfth's line, read from
     * the driver's entry number (after the revision's own statement timeout, a setting sent first), also when
     * the connection leaves the statements' text out of its errors.
     */
    @Test
    void aFailedStatementIsNamedByItsPlaceInTheBatch(@TempDir Path dir) throws Exception {
        StringBuilder up = new StringBuilder("CREATE TABLE t (id int PRIMARY KEY);\n");
        for (int i = 1; i <= 10; i++) {
            up.append("INSERT INTO t VALUES (").append(i).append(");\n");
        }
        up.append("INSERT INTO t VALUES (1);");
        Project p = new Project(dir);
        Path file = p.revision("dup1", "base", "-- ferry:statement-timeout 1min\n", up.toString(), null);
        for (String options : List.of("", "?logServerErrorDetail=false")) {
            Ferry ferry = Ferry.configure().dataSource(db.url() + options, db.user(), db.password())
                    .locations(dir).load();
            FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.MIGRATION_FAILED,
                    file + ":17", "23505");
            assertThat(e.getMessage()).as(options).doesNotContain(file + ":7");
            assertThat(db.column("SELECT to_regclass('t') IS NULL")).containsExactly("t");
            db.reset();
        }
    }

    /**
     * Statements in one batch are timed together: the last is cancelled by another session once the batch has
     * run longer than the run's statement limit, though no statement has. That is a cancel, not a timeout.
     */
    @Test
    void aCancelAfterTheBatchOutranTheLimitIsNoTimeout(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        // Each sleep is under the limit, both together over it; the test has the limit's 3 s to cancel the last.
        p.revision("cx2", "base", "CREATE TABLE made (id int);\nDO $$ BEGIN PERFORM pg_sleep(2); END $$;\n"
                + "DO $$ BEGIN PERFORM pg_sleep(2); END $$;\nDO $$ BEGIN PERFORM pg_sleep(300); END $$;", null);
        Ferry ferry = p.configure(db).statementTimeout(Duration.ofSeconds(3)).load();

        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> ferry.upgrade("head"));
        String third = "query LIKE '%pg_sleep(300)%' AND state = 'active' AND pid <> pg_backend_pid()";
        Await.until("the last statement runs", () -> run.isDone() || !db.column("SELECT pid FROM"
                + " pg_stat_activity WHERE " + third).isEmpty());
        db.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE " + third);
        FerryException e = assertFailed(run, MigrationErrorCode.MIGRATION_FAILED, "canceling statement due to user"
                + " request", "cancelled the statement", ":8");
        assertThat(e.sqlState()).contains("57014");
        assertThat(db.column("SELECT to_regclass('made') IS NULL")).containsExactly("t");
    }

    /**
     * Statements in one batch are watched together: the session seen blocking the second, while it waited, is
     * not named for the third, which failed at once (NOWAIT) on a lock another session holds, though the
     * second's text is the start of the third's.
     */
    @Test
    void aBlockerSeenByAnEarlierStatementIsNotNamedForALaterOne(@TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE tb (id int)", "CREATE TABLE tb2 (id int)");
        Project p = new Project(dir);
        Path file = p.revision("bl1", "base", "CREATE TABLE made (id int);\n"
                + "LOCK TABLE tb;\nLOCK TABLE tb2 NOWAIT;",
                null);
        Ferry ferry = p.configure(db).lockTimeout(Duration.ofSeconds(5)).lockRetryFor(Duration.ZERO).load();
        try (Connection first = db.connect(); Connection second = db.connect();
             Statement firstSql = first.createStatement(); Statement secondSql = second.createStatement()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            firstSql.execute("LOCK TABLE tb IN ACCESS SHARE MODE");
            secondSql.execute("LOCK TABLE tb2 IN ACCESS SHARE MODE");
            String firstPid = db.column("SELECT pid FROM pg_stat_activity WHERE state = 'idle in transaction'"
                    + " AND query = 'LOCK TABLE tb IN ACCESS SHARE MODE'").get(0);

            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> ferry.upgrade("head"));
            Await.until("the revision waits for tb", () -> run.isDone() || !db.column("SELECT pid FROM"
                    + " pg_stat_activity WHERE wait_event_type = 'Lock' AND query = 'LOCK TABLE tb'").isEmpty());
            // Ferry samples the blockers from a side session while the statement waits: once a sample has
            // completed there, it has seen the first session.
            Await.until("a blocker sample completed while the revision waited for tb", () -> run.isDone()
                    || !db.column("SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'idle'"
                    + " AND query LIKE '%pg_blocking_pids%'").isEmpty());
            first.commit();

            FerryException e = assertFailed(run, MigrationErrorCode.LOCK_TIMEOUT, file + ":7", "NOWAIT");
            assertThat(e.getMessage()).doesNotContain("pid " + firstPid);
            assertThat(e.hint()).doesNotContain("(" + firstPid + ")");
            second.rollback();
        }
    }

    /**
     * A statement that sends the client many notices, then more SQL than the sockets hold: the client must read
     * the notices while it sends, so such a revision is never sent as one batch (which the driver writes whole
     * before it reads), and it runs to its end. Sent as a batch, client and server would wait on each other for
     * ever; the test then ends the run's session and fails.
     */
    @Test
    void aNoisyStatementBeforeMuchTextRunsToItsEnd(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("loud1", "base", "CREATE TABLE loud (id int);\n"
                + "DO $$ BEGIN FOR i IN 1..50000 LOOP RAISE NOTICE '%', repeat('n', 1000); END LOOP; END $$;\n"
                + "COMMENT ON TABLE loud IS '" + "c".repeat(8 << 20) + "';", null);
        Ferry ferry = p.ferry(db);

        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> ferry.upgrade("head"));
        try {
            run.get(2, TimeUnit.MINUTES);
        } catch (TimeoutException stuck) {
            db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ferry'");
            throw new AssertionError("the upgrade did not end in 2 minutes", stuck);
        }
        assertThat(db.column("SELECT length(obj_description('loud'::regclass, 'pg_class'))"))
                .containsExactly(String.valueOf(8 << 20));
    }

    /**
     * What the driver sends, as it logs it: a revision whose statements return no rows goes with its record
     * before the driver asks for the replies (one Sync); one with a query goes a statement at a time.
     */
    @Test
    void theStatementsAndTheRecordGoBeforeTheDriverWaits(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("one1", "base", "CREATE TABLE batched (id int);\nINSERT INTO batched VALUES (1);", null);
        p.revision("two2", "one1", "CREATE TABLE alone (id int);\nSELECT count(*) FROM alone;", null);
        List<String> sent = sentWhile(() -> p.ferry(db).upgrade("head"));

        assertThat(syncsToRecord(sent, "CREATE TABLE batched")).as("Syncs between the first revision's first"
                + " statement and its record").isZero();
        assertThat(syncsToRecord(sent, "CREATE TABLE alone")).as("the same for the second").isGreaterThanOrEqualTo(2);
        assertThat(db.column("SELECT revision FROM ferry_history ORDER BY id")).containsExactly("one1", "two2");
    }

    /**
     * The record of a batched revision executes a statement the run prepared: once for each shape of change (the
     * first revision adds a head, the others move it), and dropped at the end.
     */
    @Test
    void theRecordIsPreparedOnceForEachShapeAndDroppedAtTheEnd(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        String parent = "base";
        for (int i = 1; i <= 4; i++) {
            p.revision("pr" + i, parent, "CREATE TABLE prep" + i + " (id int);\nINSERT INTO prep" + i + " VALUES (" + i
                    + ");", null);
            parent = "pr" + i;
        }
        List<String> sent = sentWhile(() -> p.ferry(db).upgrade("head"));

        assertThat(parsed(sent, "PREPARE ferry_record_")).hasSize(2);
        assertThat(parsed(sent, "EXECUTE ferry_record_")).hasSize(4);
        assertThat(parsed(sent, "DEALLOCATE ferry_record_")).hasSize(2);
        assertThat(db.column("SELECT revision || ' ' || success || ' ' || (checksum IS NOT NULL) FROM ferry_history"
                + " ORDER BY id")).containsExactly("pr1 true true", "pr2 true true", "pr3 true true", "pr4 true true");
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("pr4");
    }

    /**
     * A revision that drops the session's prepared statements: after a {@code DEALLOCATE ALL} Ferry reads, the
     * next record is prepared again; one it cannot read (in a {@code DO} block) makes the revision's own record
     * fail: the revision rolls back and runs again statement by statement, and the next record is prepared again.
     * Every revision is recorded once.
     */
    @Test
    void aRevisionThatDropsThePreparedRecordDoesNotStopTheRun(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("dr1", "base", "CREATE TABLE d1 (id int);", null);
        p.revision("dr2", "dr1", "CREATE TABLE d2 (id int);", null);
        p.revision("dr3", "dr2", "DEALLOCATE ALL;", null);
        p.revision("dr4", "dr3", "CREATE TABLE d4 (id int);", null);
        // Ferry's own prepared statements only: a DEALLOCATE ALL here would also drop the driver's, which it cannot
        // tell from a DO block.
        p.revision("dr5", "dr4", "CREATE TABLE d5 (id int);\nDO $$ DECLARE n text; BEGIN FOR n IN SELECT name FROM"
                + " pg_prepared_statements WHERE name LIKE 'ferry\\_record\\_%' LOOP EXECUTE format('DEALLOCATE %I', n);"
                + " END LOOP; END $$;", null);
        p.revision("dr6", "dr5", "CREATE TABLE d6 (id int);", null);
        io.ferry.migration.MigrationResult result = p.ferry(db).upgrade("head");

        assertThat(result.steps()).extracting(s -> s.revision() + " " + s.attempts())
                .containsExactly("dr1 1", "dr2 1", "dr3 1", "dr4 1", "dr5 2", "dr6 1");
        assertThat(db.column("SELECT revision FROM ferry_history ORDER BY id"))
                .containsExactly("dr1", "dr2", "dr3", "dr4", "dr5", "dr6");
        assertThat(db.column("SELECT count(*) FROM pg_class WHERE relname IN ('d1', 'd2', 'd4', 'd5', 'd6')"))
                .containsExactly("5");
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("dr6");
    }

    /** The driver's log of the messages it sent on this thread while {@code run} ran, at FINEST. */
    private static List<String> sentWhile(Runnable run) {
        Logger driver = Logger.getLogger("org.postgresql");
        Level before = driver.getLevel();
        List<String> sent = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        long thread = Thread.currentThread().getId();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                // This thread's: the run's work connection, not a side connection or another test's leftover.
                String message = new SimpleFormatter().formatMessage(r);
                if (r.getLongThreadID() == thread && message.contains("FE=>")) {
                    sent.add(message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        driver.setLevel(Level.FINEST);
        driver.addHandler(handler);
        try {
            run.run();
        } finally {
            driver.removeHandler(handler);
            driver.setLevel(before);
        }
        return List.copyOf(sent);
    }

    /** The Parse messages sent for statements holding {@code text}. */
    private static List<String> parsed(List<String> sent, String text) {
        return sent.stream().filter(m -> m.contains("Parse(") && m.contains(text)).toList();
    }

    /**
     * The Syncs sent between the Parse of the first statement holding {@code from} and the next record: an insert
     * into {@code ferry_history}, or the execution of one prepared.
     */
    private static long syncsToRecord(List<String> sent, String from) {
        int start = -1;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).contains("Parse(") && sent.get(i).contains(from)) {
                start = i;
                break;
            }
        }
        assertThat(start).as("the driver sent " + from).isNotNegative();
        for (int i = start + 1; i < sent.size(); i++) {
            String m = sent.get(i);
            if (m.contains("Parse(") && (m.contains("INSERT INTO") && m.contains("ferry_history")
                    || m.contains("EXECUTE ferry_record_"))) {
                return sent.subList(start, i).stream().filter(x -> x.contains("FE=> Sync")).count();
            }
        }
        throw new AssertionError("the driver sent no record after " + from);
    }
}
