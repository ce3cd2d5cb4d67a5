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
import io.ferry.migration.testing.Backends;
import io.ferry.migration.testing.Deadlock;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revision that loses a lock conflict names the sessions it lost to, as they were while it waited (for a
 * lock timeout) or as the deadlock report names them, and the statement that ends them.
 */
class LockConflictTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** The revision's lock timeout: long enough for a loaded machine to sample its wait well before it runs out. */
    private static final Duration WAIT = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    @BeforeEach
    void tables() throws Exception {
        db.reset();
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)",
                "INSERT INTO t SELECT g, 0 FROM generate_series(1, 10) g",
                "CREATE TABLE u (id int PRIMARY KEY, v int)", "INSERT INTO u VALUES (1, 0)");
    }

    @Test
    void aLockTimeoutNamesTheIdleTransactionHoldingTheLockAndTheStatementThatEndsIt() throws Exception {
        Project p = new Project(dir);
        p.revision("lc1", "base", "CREATE TABLE marker (id int);\nALTER TABLE t ADD COLUMN note text;", null);
        Ferry ferry = p.configure(db).lockTimeout(WAIT).lockRetryFor(Duration.ZERO).load();
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'report-job'");
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE t IN ACCESS SHARE MODE");
            int pid = Backends.pid(holder);

            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> ferry.upgrade("head"));
            awaitSampledWhileBlockedBy(pid);
            FerryException e = assertFailed(run, MigrationErrorCode.LOCK_TIMEOUT, "lc1",
                    "a lock on table t was not granted within 8s on its only attempt",
                    "pid " + pid + " (report-job, user " + db.user() + ", idle in transaction for ", ") holds it");
            assertThat(e.category()).isEqualTo(ErrorCategory.LOCK);
            assertThat(e.code().exitCode()).isEqualTo(4);
            assertThat(e.hint()).contains("nothing of this revision was applied",
                    "SELECT pg_terminate_backend(" + pid + ")");
            assertThat(actions(e)).containsExactly("LOCK_RETRY_BUDGET");
            assertThat(db.column("SELECT to_regclass('marker') IS NULL")).containsExactly("t");
            assertThat(ferry.history()).singleElement().satisfies(h -> assertThat(h.success()).isFalse());

            // The hint's statement, run as given, ends the holder; the revision goes through after it.
            db.execute(terminateStatement(e.hint()));
        }
        ferry.upgrade("head");
        assertThat(db.column("SELECT to_regclass('marker') IS NOT NULL")).containsExactly("t");
    }

    @Test
    void aStatementRunAloneNamesItsBlockerToo() throws Exception {
        Project p = new Project(dir);
        p.revision("lc2", "base", "-- ferry:transactional false\n",
                "CREATE TABLE log (n int);\nALTER TABLE t ADD COLUMN note text;", null);
        Ferry ferry = p.configure(db).lockTimeout(WAIT).lockRetryFor(Duration.ZERO).load();
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("SELECT count(*) FROM t");
            int pid = Backends.pid(holder);

            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> ferry.upgrade("head"));
            awaitSampledWhileBlockedBy(pid);
            FerryException e = assertFailed(run, MigrationErrorCode.LOCK_TIMEOUT,
                    "a lock on table t was not granted within 8s", "pid " + pid + " (ferry-tests, ");
            assertThat(e.hint()).contains("statement 1 of 2 ran and stays applied",
                    "SELECT pg_terminate_backend(" + pid + ")");
            holder.rollback();
        }
        assertThat(db.column("SELECT to_regclass('log') IS NOT NULL")).containsExactly("t");
        assertThat(db.column("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"
                + " AND column_name = 'note'")).containsExactly("0");
    }

    /**
     * NOWAIT gives up at once, whatever the lock timeout: the message says so rather than naming a lock
     * timeout the statement never waited for.
     */
    @Test
    void aNowaitLockSaysItWasNotGrantedAtOnce() throws Exception {
        Project p = new Project(dir);
        p.revision("nw1", "base", "CREATE TABLE marker (id int);\nLOCK TABLE t IN ACCESS EXCLUSIVE MODE NOWAIT;", null);
        Ferry ferry = p.configure(db).lockTimeout(Duration.ofSeconds(3)).lockRetryFor(Duration.ZERO).load();
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE t IN ACCESS SHARE MODE");

            FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.LOCK_TIMEOUT, "nw1",
                    "was not granted at once (NOWAIT) on its only attempt");
            assertThat(e.getMessage()).doesNotContain("within 3s");
            assertThat(e.sqlState()).contains("55P03");
            assertThat(e.hint()).contains("nothing of this revision was applied");
            holder.rollback();
        }
        assertThat(db.column("SELECT to_regclass('marker') IS NULL")).containsExactly("t");
    }

    /** A real deadlock (see {@link Deadlock}): the revision is the session PostgreSQL ends. */
    @Test
    void aDeadlockNamesTheOtherSession() throws Exception {
        Project p = new Project(dir);
        p.revision("dl1", "base", Deadlock.REVISION, null);
        Ferry ferry = p.configure(db).lockTimeout(Duration.ofMinutes(2)).load();
        try (Deadlock deadlock = Deadlock.prepare(db)) {
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> ferry.upgrade("head"));
            deadlock.spring();

            int peerPid = deadlock.peerPid();
            FerryException e = assertFailed(run, MigrationErrorCode.DEADLOCK, "dl1", "deadlock with pid " + peerPid
                    + " (" + Deadlock.PEER + ", user " + db.user() + ", ");
            assertThat(e.category()).isEqualTo(ErrorCategory.LOCK);
            assertThat(e.hint()).contains("nothing of this revision was applied", "run the command again",
                    "SELECT pg_terminate_backend(" + peerPid + ")");
        }
        assertThat(db.column("SELECT to_regclass('marker') IS NULL")).containsExactly("t");
        assertThat(db.column("SELECT v FROM t WHERE id = 1")).containsExactly("0");
        assertThat(ferry.history()).singleElement().satisfies(h -> {
            assertThat(h.success()).isFalse();
            assertThat(h.error()).hasValueSatisfying(error -> assertThat(error).contains("40P01"));
        });
    }

    /**
     * Waits until the revision's session waits behind {@code holder} and a sample of who blocks it has
     * been taken and answered meanwhile (Ferry's side session is idle after its pg_blocking_pids query):
     * the lock timeout then runs out with the blocker seen, however slow the machine.
     */
    private static void awaitSampledWhileBlockedBy(int holder) throws Exception {
        Await.until("a sample of the blockers while the revision waits behind pid " + holder, () -> !db.column(
                "SELECT w.pid FROM pg_stat_activity w JOIN pg_stat_activity side ON side.pid <> w.pid"
                        + " WHERE w.application_name = 'ferry' AND " + holder + " = ANY (pg_blocking_pids(w.pid))"
                        + " AND side.application_name = 'ferry' AND side.state = 'idle'"
                        + " AND side.query LIKE '%pg_blocking_pids(%'").isEmpty());
    }

    private static String terminateStatement(String hint) {
        Matcher m = Pattern.compile("SELECT pg_terminate_backend\\(\\d+\\)").matcher(hint);
        assertThat(m.find()).as(hint).isTrue();
        return m.group();
    }
}
