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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        Ferry ferry = p.configure(db).lockTimeout(Duration.ofSeconds(2)).lockRetryFor(Duration.ZERO).load();
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'report-job'");
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE t IN ACCESS SHARE MODE");
            int pid = pid(holder);

            FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.LOCK_TIMEOUT, "lc1",
                    "a lock on table t was not granted within 2s on its only attempt",
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
        Ferry ferry = p.configure(db).lockTimeout(Duration.ofSeconds(2)).lockRetryFor(Duration.ZERO).load();
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("SELECT count(*) FROM t");
            int pid = pid(holder);

            FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.LOCK_TIMEOUT,
                    "a lock on table t was not granted within 2s", "pid " + pid + " (ferry-tests, ");
            assertThat(e.hint()).contains("statements 1 to 1 of 2 ran and stay applied",
                    "SELECT pg_terminate_backend(" + pid + ")");
            holder.rollback();
        }
        assertThat(db.column("SELECT to_regclass('log') IS NOT NULL")).containsExactly("t");
        assertThat(db.column("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"
                + " AND column_name = 'note'")).containsExactly("0");
    }

    /**
     * The revision holds row 1 of t and then, past a gate the test holds, wants row 1 of u; the peer holds
     * row 1 of u and wants row 1 of t. The peer waits first and checks for deadlocks only after 30s, so the
     * revision's own check, a second after it starts waiting, is the one that finds it.
     */
    @Test
    void aDeadlockNamesTheOtherSession() throws Exception {
        Project p = new Project(dir);
        p.revision("dl1", "base", """
                CREATE TABLE marker (id int);
                UPDATE t SET v = 1 WHERE id = 1;
                SELECT pg_advisory_xact_lock(4242);
                UPDATE u SET v = 1 WHERE id = 1;""", null);
        Ferry ferry = p.configure(db).lockTimeout(Duration.ofMinutes(2)).load();
        try (Connection gate = db.connect(); Connection peer = db.connect(); Statement g = gate.createStatement();
             Statement s = peer.createStatement()) {
            g.execute("SELECT pg_advisory_lock(4242)");
            s.execute("SET application_name = 'deadlock-peer'");
            s.execute("SET deadlock_timeout = '30s'");
            peer.setAutoCommit(false);
            s.execute("UPDATE u SET v = 2 WHERE id = 1");
            int peerPid = pid(peer);

            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> ferry.upgrade("head"));
            int ferryPid = awaitBlockedBy(pid(gate));
            CompletableFuture<Void> peerUpdate = CompletableFuture.runAsync(() -> {
                try (Statement inPeer = peer.createStatement()) {
                    inPeer.execute("UPDATE t SET v = 2 WHERE id = 1");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until("the peer waits for the revision's row", () -> blockers(peerPid).contains(ferryPid));
            g.execute("SELECT pg_advisory_unlock(4242)");

            FerryException e = assertFailed(run, MigrationErrorCode.DEADLOCK, "dl1", "deadlock with pid " + peerPid + " (deadlock-peer, user "
                    + db.user() + ", ");
            assertThat(e.category()).isEqualTo(ErrorCategory.LOCK);
            assertThat(e.hint()).contains("nothing of this revision was applied", "run the command again",
                    "SELECT pg_terminate_backend(" + peerPid + ")");
            peerUpdate.get(2, TimeUnit.MINUTES);
            peer.rollback();
        }
        assertThat(db.column("SELECT to_regclass('marker') IS NULL")).containsExactly("t");
        assertThat(db.column("SELECT v FROM t WHERE id = 1")).containsExactly("0");
        assertThat(ferry.history()).singleElement().satisfies(h -> {
            assertThat(h.success()).isFalse();
            assertThat(h.error()).hasValueSatisfying(error -> assertThat(error).contains("40P01"));
        });
    }

    private static String terminateStatement(String hint) {
        Matcher m = Pattern.compile("SELECT pg_terminate_backend\\(\\d+\\)").matcher(hint);
        assertThat(m.find()).as(hint).isTrue();
        return m.group();
    }

    /** Waits until a Ferry session is blocked by {@code pid}, and returns its pid. */
    private static int awaitBlockedBy(int pid) throws Exception {
        int[] found = new int[1];
        Await.until("a Ferry session waits behind pid " + pid, () -> {
            try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT pid FROM"
                    + " pg_stat_activity WHERE application_name = 'ferry' AND ? = ANY (pg_blocking_pids(pid))")) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found[0] = rs.getInt(1);
                        return true;
                    }
                    return false;
                }
            }
        });
        return found[0];
    }

    private static java.util.List<Integer> blockers(int pid) throws SQLException {
        return db.column("SELECT unnest(pg_blocking_pids(" + pid + "))").stream().map(Integer::parseInt).toList();
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
