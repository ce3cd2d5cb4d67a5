package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.actions;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.event.MigrationEvent;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration that needs a lock held by a long transaction gives up after {@code lock_timeout}, so the
 * application's queries queued behind it go on, and tries again within its lock-retry budget: it is
 * applied once the long transaction ends, or fails cleanly when the budget (or the retry cap) runs out.
 * How long anything waits is measured in bench/lock-latency.sh, not here.
 */
class LockTimeoutTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private final List<MigrationEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void table() throws Exception {
        db.reset();
        db.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t SELECT generate_series(1, 1000)");
    }

    private FerryConfiguration addColumn(String schema) {
        Project p = new Project(dir.resolve(schema));
        p.revision("lt1", "base", "ALTER TABLE t ADD COLUMN note text;", "ALTER TABLE t DROP COLUMN note;");
        return p.configure(db).schema(schema).listener(events::add);
    }

    /** A transaction that holds ACCESS SHARE on t, which ALTER TABLE must wait for, until it commits. */
    private static Connection longTransaction() throws SQLException {
        Connection c = db.connect();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT count(*) FROM t").close();
        }
        return c;
    }

    private List<Integer> attemptsStarted() {
        return events.stream().filter(e -> e instanceof MigrationEvent.RevisionStarted)
                .map(e -> ((MigrationEvent.RevisionStarted) e).attempt()).toList();
    }

    private List<MigrationEvent.LockTimeoutRetry> retries() {
        return events.stream().filter(e -> e instanceof MigrationEvent.LockTimeoutRetry)
                .map(MigrationEvent.LockTimeoutRetry.class::cast).toList();
    }

    private static List<String> noteColumn() throws SQLException {
        return db.column("SELECT column_name FROM information_schema.columns WHERE table_name = 't'"
                + " AND column_name = 'note'");
    }

    @Test
    void aReadQueuedBehindTheWaitingMigrationGoesOnWhileTheLongTransactionLasts() throws Exception {
        Ferry ferry = addColumn("reads").lockTimeout(Duration.ofMillis(500)).load();
        ExecutorService appThread = Executors.newSingleThreadExecutor();
        try (Connection longTx = longTransaction(); Connection app = db.connect()) {
            int appPid = pid(app);
            CompletableFuture<MigrationResult> migration = CompletableFuture.supplyAsync(() -> ferry.upgrade("head"));

            // Read until one read is seen queued behind Ferry's waiting ALTER TABLE. Each read ends
            // when that attempt gives up on lock_timeout; without it, a queued read would wait for the
            // long transaction, which stays open here, and the test would hang at read.get.
            AtomicBoolean queuedBehindFerry = new AtomicBoolean();
            for (int reads = 0; !queuedBehindFerry.get(); reads++) {
                assertThat(reads).as("reads before one queued behind the migration").isLessThan(10_000);
                Future<Long> read = appThread.submit(() -> count(app));
                Await.until("read " + reads + " done, or queued behind the migration", () -> {
                    if (queuedBehindWaitingFerry(appPid)) {
                        queuedBehindFerry.set(true);
                    }
                    return queuedBehindFerry.get() || read.isDone();
                });
                assertThat(read.get(5, TimeUnit.MINUTES)).isEqualTo(1000L);
            }
            assertThat(migration).as("the long transaction still holds its lock").isNotDone();
            // The attempt that let the read through gave up on lock_timeout, and says so.
            Await.until("an attempt reported giving up on lock_timeout", () -> !retries().isEmpty());
            assertThat(retries()).allSatisfy(r -> assertThat(r.error()).contains("lock timeout", "55P03"));

            longTx.commit();
            MigrationResult result = migration.get(5, TimeUnit.MINUTES);
            assertThat(result.steps()).singleElement().satisfies(step -> assertThat(step.attempts())
                    .isEqualTo(retries().size() + 1));
        } finally {
            appThread.shutdownNow();
        }
        assertThat(noteColumn()).containsExactly("note");
        assertThat(ferry.history()).filteredOn(h -> !h.success()).isEmpty();
    }

    /** Five failed attempts: more than the old fixed count allowed, well within the default budget. */
    @Test
    void withTheDefaultBudgetABlockerReleasedAfterFiveAttemptsLetsTheRevisionThrough() throws Exception {
        try (Connection longTx = longTransaction()) {
            Ferry ferry = addColumn("released").lockTimeout(Duration.ofMillis(200)).listener(event -> {
                if (event instanceof MigrationEvent.LockTimeoutRetry r && r.attempt() == 5) {
                    commit(longTx);
                }
            }).load();

            MigrationResult result = ferry.upgrade("head");

            assertThat(result.steps()).singleElement().satisfies(step -> assertThat(step.attempts()).isEqualTo(6));
            assertThat(attemptsStarted()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(retries()).extracting(MigrationEvent.LockTimeoutRetry::attempt).containsExactly(1, 2, 3, 4, 5);
            assertThat(retries()).allSatisfy(r -> {
                assertThat(r.maxAttempts()).as("no cap on the number of attempts by default").isEmpty();
                assertThat(r.backoff()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
                assertThat(r.budgetLeft()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
                assertThat(r.line()).isEqualTo(5);
            });
            assertThat(retries()).extracting(MigrationEvent.LockTimeoutRetry::budgetLeft).isSortedAccordingTo(
                    java.util.Comparator.reverseOrder());
            assertThat(events).filteredOn(e -> e instanceof MigrationEvent.RevisionFailed).isEmpty();
        }
        assertThat(noteColumn()).containsExactly("note");
    }

    @Test
    void whenTheBudgetRunsOutTheErrorCountsTheAttemptsAndNothingIsApplied() throws Exception {
        Ferry ferry = addColumn("budget").lockTimeout(Duration.ofMillis(100)).lockRetryFor(Duration.ofSeconds(1))
                .load();
        try (Connection longTx = longTransaction()) {
            FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.LOCK_TIMEOUT, "lt1",
                    "was not granted within 100ms", "the lock-retry budget of 1s ran out");
            assertThat(e.category()).isEqualTo(ErrorCategory.LOCK);
            int attempts = attemptsStarted().size();
            assertThat(attempts).as("attempts within the budget").isGreaterThan(1);
            assertThat(e.getMessage()).contains(", " + attempts + " times in ");
            assertThat(e.hint()).contains("nothing of this revision was applied");
            assertThat(actions(e)).containsExactly("LOCK_RETRY_BUDGET");
            assertThat(retries()).hasSize(attempts - 1);
            longTx.rollback();
        }
        assertThat(noteColumn()).isEmpty();
        assertThat(db.column("SELECT count(*) FROM budget.ferry_version")).containsExactly("0");
        assertThat(ferry.history()).singleElement().satisfies(h -> {
            assertThat(h.success()).isFalse();
            assertThat(h.error()).hasValueSatisfying(error -> assertThat(error).contains("lock timeout"));
        });
    }

    @Test
    void retriesCapTheAttemptsWithinTheBudget() throws Exception {
        Ferry ferry = addColumn("capped").lockTimeout(Duration.ofMillis(100)).lockRetryFor(Duration.ofMinutes(10))
                .retries(2).load();
        try (Connection longTx = longTransaction()) {
            FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.LOCK_TIMEOUT,
                    "not granted within 100ms, 3 times in ", "the limit of 2 retries was reached");
            assertThat(actions(e)).containsExactly("RETRY_LIMIT");
            longTx.rollback();
        }
        assertThat(attemptsStarted()).containsExactly(1, 2, 3);
        assertThat(retries()).extracting(r -> r.maxAttempts().getAsInt()).containsExactly(3, 3);
        assertThat(noteColumn()).isEmpty();
    }

    @Test
    void aZeroBudgetMeansOneAttempt() throws Exception {
        Ferry ferry = addColumn("once").lockTimeout(Duration.ofMillis(100)).lockRetryFor(Duration.ZERO).load();
        try (Connection longTx = longTransaction()) {
            assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.LOCK_TIMEOUT,
                    "not granted within 100ms on its only attempt", "the lock-retry budget is 0");
            longTx.rollback();
        }
        assertThat(attemptsStarted()).containsExactly(1);
        assertThat(retries()).isEmpty();
        assertThat(noteColumn()).isEmpty();
    }

    /** Statement by statement, each statement is retried on its own, within a budget of its own. */
    @Test
    void aStatementRunAloneIsRetriedUntilItsBlockerEnds() throws Exception {
        Project p = new Project(dir.resolve("alone"));
        p.revision("sa1", "base", "-- ferry:transactional false\n",
                "CREATE TABLE log (n int);\nALTER TABLE t ADD COLUMN note text;", null);
        try (Connection longTx = longTransaction()) {
            Ferry ferry = p.configure(db).schema("alone").lockTimeout(Duration.ofMillis(100)).listener(events::add)
                    .listener(event -> {
                        if (event instanceof MigrationEvent.LockTimeoutRetry r && r.attempt() == 3) {
                            commit(longTx);
                        }
                    }).load();

            MigrationResult result = ferry.upgrade("head");

            assertThat(result.steps()).singleElement().satisfies(step -> assertThat(step.attempts()).isEqualTo(4));
            assertThat(attemptsStarted()).as("the revision starts once; its second statement is retried")
                    .containsExactly(1);
            assertThat(retries()).extracting(MigrationEvent.LockTimeoutRetry::line).containsExactly(7, 7, 7);
        }
        assertThat(noteColumn()).containsExactly("note");
        assertThat(db.column("SELECT to_regclass('log') IS NOT NULL")).containsExactly("t");
    }

    @Test
    void aStatementRunAloneThatRunsOutOfBudgetLeavesTheOnesBeforeItApplied() throws Exception {
        Project p = new Project(dir.resolve("alonefails"));
        Path file = p.revision("sa2", "base", "-- ferry:transactional false\n",
                "CREATE TABLE log (n int);\nALTER TABLE t ADD COLUMN note text;", null);
        Ferry ferry = p.configure(db).schema("alonefails").lockTimeout(Duration.ofMillis(100))
                .lockRetryFor(Duration.ofMillis(500)).listener(events::add).load();
        try (Connection longTx = longTransaction()) {
            FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.LOCK_TIMEOUT, file + ":7",
                    "the lock-retry budget of 500ms ran out");
            assertThat(e.getMessage()).contains(", " + (retries().size() + 1) + " times in ");
            assertThat(retries()).as("retries of the blocked statement").isNotEmpty();
            assertThat(e.hint()).contains("statement 1 of 2 ran and stays applied");
            assertThat(actions(e)).containsExactly("RESUME", "RESTART", "LOCK_RETRY_BUDGET");
            longTx.rollback();
        }
        assertThat(noteColumn()).isEmpty();
        assertThat(db.column("SELECT to_regclass('log') IS NOT NULL")).containsExactly("t");
    }

    private static void commit(Connection c) {
        try {
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** True when session {@code pid} waits behind a Ferry session that itself waits for a lock on t. */
    private static boolean queuedBehindWaitingFerry(int pid) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.pid = ANY (pg_blocking_pids(?))"
                + " AND NOT l.granted AND l.relation = 't'::regclass AND a.application_name = 'ferry')")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
