package io.ferry.backfill;

import static io.ferry.backfill.Fixtures.contents;
import static io.ferry.backfill.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.backfill.event.BackfillEvent;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The runner: checkpoints, resume, throttles, locks and timeouts. */
class RunnerTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private static final Map<String, Object> HASHES = Map.of("table", "templates", "key", "id",
            "columns", List.of("title", "body"), "target", "content_hash");

    @BeforeEach
    void freshTables() throws Exception {
        db.execute("DROP TABLE IF EXISTS ferry_backfill_batches, ferry_backfill_runs");
        Fixtures.templates(db, "templates", 20_000);
    }

    private Backfills hashes(io.ferry.backfill.event.BackfillListener... listeners) {
        Backfills.Builder b = Backfills.configure().dataSource(db.dataSource()).projectDir(dir)
                .job(job("hashes", "hash", HASHES));
        for (var l : listeners) {
            b.listener(l);
        }
        return b.load();
    }

    @Test
    void aStoppedRunIsPausedAndTheNextRunResumesFromItsCheckpoint() throws Exception {
        RunControl control = new RunControl();
        Backfills stopping = hashes(e -> {
            if (e instanceof BackfillEvent.Progress p && p.batch() == 3) {
                control.requestStop();
            }
        });

        RunResult first = stopping.run("hashes", RunSettings.defaults().batchSize(1000), control);

        assertThat(first.state()).isEqualTo(RunState.PAUSED);
        assertThat(first.batches()).isEqualTo(3);
        assertThat(first.rowsScanned()).isEqualTo(3000);
        assertThat(db.query("SELECT state, cursor::text, rows_scanned FROM ferry_backfill_runs"))
                .containsExactly(List.of("paused", "[\"3000\"]", "3000"));

        RunResult dry = hashes().run("hashes", RunSettings.defaults().dryRun(true), new RunControl());
        assertThat(dry.resumedFrom()).contains(List.of("3000"));
        RunResult second = hashes().run("hashes", RunSettings.defaults().batchSize(1000), new RunControl());

        assertThat(second.resumedFrom()).contains(List.of("3000"));
        assertThat(second.runId()).isEqualTo(first.runId());
        assertThat(second.rowsScanned()).isEqualTo(17_000);
        assertThat(second.rowsChanged()).isEqualTo(dry.rowsChanged());
        assertThat(first.rowsChanged() + second.rowsChanged()).isEqualTo(10_000);
        RunRecord total = second.total().orElseThrow();
        assertThat(total.rowsChanged()).isEqualTo(10_000);
        assertThat(total.attempts()).isEqualTo(2);
        assertThat(total.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(db.column("SELECT sum(rows_changed) FROM ferry_backfill_batches")).containsExactly("10000");
        assertThat(db.column("SELECT count(*) FROM templates WHERE content_hash IS DISTINCT FROM " + Fixtures.HASH_SQL))
                .containsExactly("0");
    }

    @Test
    void aStopDuringTheLastBatchEndsSucceeded() throws Exception {
        RunControl control = new RunControl();
        Backfills stopping = hashes(e -> {
            if (e instanceof BackfillEvent.Progress p && p.batch() == 20) {
                control.requestStop();
            }
        });

        RunResult result = stopping.run("hashes", RunSettings.defaults().batchSize(1000), control);

        assertThat(result.batches()).isEqualTo(20);
        assertThat(result.state()).as("nothing was left to resume").isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void restartAbandonsTheInterruptedRunAndStartsOver() throws Exception {
        RunResult first = hashes().run("hashes", RunSettings.defaults().batchSize(1000).maxRows(2500), new RunControl());
        assertThat(first.state()).isEqualTo(RunState.PAUSED);
        assertThat(first.rowsScanned()).isEqualTo(2500);

        RunResult restarted = hashes().run("hashes", RunSettings.defaults().restart(true), new RunControl());

        assertThat(restarted.runId()).isNotEqualTo(first.runId());
        assertThat(restarted.resumedFrom()).isEmpty();
        assertThat(restarted.rowsScanned()).isEqualTo(20_000);
        assertThat(db.query("SELECT id, state FROM ferry_backfill_runs ORDER BY id")).containsExactly(
                List.of(String.valueOf(first.runId()), "cancelled"),
                List.of(String.valueOf(restarted.runId()), "succeeded"));
    }

    @Test
    void maxRowsEndsSucceededWhenNothingIsLeft() throws Exception {
        RunResult all = hashes().run("hashes", RunSettings.defaults().maxRows(20_000), new RunControl());
        assertThat(all.state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void aChangedDefinitionRefusesToResume() throws Exception {
        hashes().run("hashes", RunSettings.defaults().batchSize(1000).maxRows(1000), new RunControl());
        Backfills changed = Backfills.configure().dataSource(db.dataSource()).job(job("hashes", "hash",
                Map.of("table", "templates", "key", "id", "columns", List.of("title"), "target", "content_hash"))).load();
        String before = contents(db, "templates", "id");

        assertThatThrownBy(() -> changed.run("hashes", RunSettings.defaults(), new RunControl()))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(BackfillErrorCode.BACKFILL_DEFINITION_CHANGED);
                    assertThat(e.getMessage()).contains("after key [1000]");
                    assertThat(e.remedy().actions()).extracting(a -> a.kind()).containsExactly(BackfillRemedy.RESTART);
                    assertThat(e.hint()).contains("RunSettings.restart(true)");
                });
        assertThat(contents(db, "templates", "id")).isEqualTo(before);
    }

    @Test
    void compositeKeysAreWalkedAsRows() throws Exception {
        db.execute("DROP TABLE IF EXISTS tenant_docs",
                "CREATE TABLE tenant_docs (tenant_id int NOT NULL, id bigint NOT NULL, title text, body text,"
                        + " content_hash text, PRIMARY KEY (tenant_id, id))",
                "INSERT INTO tenant_docs SELECT t, i, 't' || t || ' ' || i, NULL, NULL FROM generate_series(1, 7) t,"
                        + " generate_series(1, 1000) i");
        Backfills backfills = Backfills.configure().dataSource(db.dataSource()).job(job("hashes", "hash",
                Map.of("table", "public.tenant_docs", "key", List.of("tenant_id", "id"), "columns",
                        List.of("title", "body"), "target", "content_hash"))).load();

        RunResult dry = backfills.run("hashes", RunSettings.defaults().dryRun(true).batchSize(333), new RunControl());
        RunResult real = backfills.run("hashes", RunSettings.defaults().batchSize(333), new RunControl());

        assertThat(dry.rowsChanged()).isEqualTo(7000);
        assertThat(real.rowsScanned()).isEqualTo(7000);
        assertThat(real.rowsChanged()).isEqualTo(7000);
        assertThat(real.batches()).isEqualTo(22);
        assertThat(dry.reports().get(1).after()).contains(List.of("1", "333"));
        assertThat(db.column("SELECT count(*) FROM tenant_docs WHERE content_hash IS DISTINCT FROM " + Fixtures.HASH_SQL))
                .containsExactly("0");
    }

    @Test
    void uuidAndTextKeysAreWalkedInTheirOwnOrder() throws Exception {
        db.execute("DROP TABLE IF EXISTS by_uuid, by_text",
                "CREATE TABLE by_uuid (id uuid PRIMARY KEY, title text, body text, content_hash text)",
                "INSERT INTO by_uuid SELECT md5(i::text)::uuid, 't' || i, NULL, NULL FROM generate_series(1, 2500) i",
                "CREATE TABLE by_text (code text PRIMARY KEY, title text, body text, content_hash text)",
                "INSERT INTO by_text SELECT 'code-' || i, 't' || i, 'b', NULL FROM generate_series(1, 2500) i");
        for (String table : List.of("by_uuid", "by_text")) {
            String key = table.equals("by_uuid") ? "id" : "code";
            Backfills backfills = Backfills.configure().dataSource(db.dataSource()).job(job(table, "hash",
                    Map.of("table", table, "key", key, "columns", List.of("title", "body"), "target",
                            "content_hash"))).load();

            RunResult result = backfills.run(table, RunSettings.defaults().batchSize(700), new RunControl());

            assertThat(result.rowsScanned()).as(table).isEqualTo(2500);
            assertThat(result.rowsChanged()).as(table).isEqualTo(2500);
            assertThat(result.batches()).as(table).isEqualTo(4);
            assertThat(db.column("SELECT count(*) FROM " + table + " WHERE content_hash IS DISTINCT FROM "
                    + Fixtures.HASH_SQL)).as(table).containsExactly("0");
        }
    }

    @Test
    void targetBatchTimeGrowsTheBatches() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        Backfills backfills = hashes(e -> {
            if (e instanceof BackfillEvent.Progress p) {
                sizes.add(p.batchSize());
            }
        });

        backfills.run("hashes", RunSettings.defaults().batchSize(100).targetBatch(Duration.ofSeconds(5)),
                new RunControl());

        assertThat(sizes).startsWith(100, 200, 400, 800);
    }

    @Test
    void aSecondRunOfARunningJobFailsAtOnceNamingTheHolder() throws Exception {
        CountDownLatch inBatch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Backfills blocking = hashes(e -> {
            if (e instanceof BackfillEvent.Progress p && p.batch() == 1) {
                inBatch.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        CompletableFuture<RunResult> first = CompletableFuture.supplyAsync(
                () -> blocking.run("hashes", RunSettings.defaults().batchSize(1000), new RunControl()));
        assertThat(inBatch.await(30, TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> hashes().run("hashes", RunSettings.defaults(), new RunControl()))
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.code()).isEqualTo(BackfillErrorCode.BACKFILL_RUNNING);
                        assertThat(e.category()).isEqualTo(ErrorCategory.LOCK);
                        assertThat(e.getMessage()).contains("backfill 'hashes' is already running in pid");
                    });
            List<JobStatus> status = hashes().status(5);
            assertThat(status.get(0).runningIn()).isPresent();
            assertThat(status.get(0).last().orElseThrow().interrupted()).isFalse();
        } finally {
            release.countDown();
        }
        assertThat(first.get(60, TimeUnit.SECONDS).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void aRunWhoseProcessDiedShowsInterruptedAndResumes() throws Exception {
        hashes().run("hashes", RunSettings.defaults().batchSize(1000).maxRows(4000), new RunControl());
        db.execute("UPDATE ferry_backfill_runs SET state = 'running'"); // as a killed process leaves it

        assertThat(hashes().status(3).get(0).last().orElseThrow().displayState()).isEqualTo("interrupted");
        RunResult resumed = hashes().run("hashes", RunSettings.defaults().batchSize(1000), new RunControl());
        assertThat(resumed.resumedFrom()).contains(List.of("4000"));
        assertThat(resumed.total().orElseThrow().rowsScanned()).isEqualTo(20_000);
    }

    /**
     * An application transaction holds row 5997, near the end of its batch, which needs a new hash. Each
     * attempt at a batch that reaches it locks the rows before it that need one, then waits for it; it
     * gives up after its lock_timeout and rolls back, so an application update of those rows, queued
     * behind the waiting batch, goes through while row 5997 is still held, instead of waiting for the
     * holder to commit.
     */
    @Test
    void anApplicationUpdateQueuedBehindABlockedBatchGoesOnWhileTheRowIsStillHeld() throws Exception {
        List<Integer> retries = new CopyOnWriteArrayList<>();
        Backfills backfills = hashes(e -> {
            if (e instanceof BackfillEvent.Retry r) {
                retries.add(r.nextBatchSize());
            }
        });
        ExecutorService appThread = Executors.newSingleThreadExecutor();
        try (Connection holder = db.connect(); Statement s = holder.createStatement(); Connection app = db.connect()) {
            holder.setAutoCommit(false);
            s.execute("UPDATE templates SET title = title WHERE id = 5997");
            int holderPid = pid(holder);
            int appPid = pid(app);
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> backfills.run("hashes",
                    RunSettings.defaults().batchSize(1000).lockTimeout(Duration.ofMillis(300)).retries(20),
                    new RunControl()));

            AtomicBoolean queuedBehindBatch = new AtomicBoolean();
            for (int updates = 0; !queuedBehindBatch.get(); updates++) {
                assertThat(updates).as("updates before one queued behind the blocked batch").isLessThan(1000);
                Future<Integer> update = appThread.submit(() -> {
                    try (Statement u = app.createStatement()) {
                        return u.executeUpdate("UPDATE templates SET body = body WHERE id BETWEEN 5990 AND 5996");
                    }
                });
                Await.until("update " + updates + " done, or queued behind the blocked batch", () -> {
                    if (waitsBehindASessionBlockedBy(appPid, holderPid)) {
                        queuedBehindBatch.set(true);
                    }
                    return queuedBehindBatch.get() || update.isDone();
                });
                // Without lock_timeout on the batch, a queued update would wait here until the holder commits.
                assertThat(update.get(3, TimeUnit.MINUTES)).isEqualTo(7);
            }
            assertThat(run).as("the run cannot finish while row 5997 is held").isNotDone();
            holder.commit();
            RunResult result = run.get(3, TimeUnit.MINUTES);

            assertThat(result.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(retries).as("batches that gave up on the held row").isNotEmpty();
        } finally {
            appThread.shutdownNow();
        }
        assertThat(db.column("SELECT count(*) FROM templates WHERE content_hash IS DISTINCT FROM " + Fixtures.HASH_SQL))
                .containsExactly("0");
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** True when session {@code pid} waits for a session that itself waits for {@code holderPid}. */
    private static boolean waitsBehindASessionBlockedBy(int pid, int holderPid) throws SQLException {
        return db.column("SELECT EXISTS (SELECT 1 FROM unnest(pg_blocking_pids(" + pid + ")) AS b(pid)"
                + " WHERE " + holderPid + " = ANY (pg_blocking_pids(b.pid)))").get(0).equals("t");
    }

    @Test
    void retriesRunOutIntoAFailedRunThatResumesLater() throws Exception {
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("UPDATE templates SET title = title WHERE id = 2501");

            assertThatThrownBy(() -> hashes().run("hashes", RunSettings.defaults().batchSize(1000)
                    .lockTimeout(Duration.ofMillis(50)).retries(2), new RunControl()))
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.code()).isEqualTo(BackfillErrorCode.BACKFILL_FAILED);
                        assertThat(e.getMessage()).contains("gave up 3 times");
                    });
            holder.rollback();
        }
        // The batch after 2000 was retried at 500 rows and committed; the one holding row 2501 never was.
        assertThat(db.query("SELECT state, cursor::text FROM ferry_backfill_runs"))
                .containsExactly(List.of("failed", "[\"2500\"]"));
        RunResult resumed = hashes().run("hashes", RunSettings.defaults(), new RunControl());
        assertThat(resumed.resumedFrom()).contains(List.of("2500"));
        assertThat(resumed.total().orElseThrow().rowsChanged()).isEqualTo(10_000);
    }

    @Test
    void badDefinitionsAreRejectedBeforeAnythingChanges() throws Exception {
        String before = contents(db, "templates", "id");
        record Case(Map<String, Object> options, String message) {
        }
        List<Case> cases = List.of(
                new Case(Map.of("table", "templatez", "key", "id", "columns", "title", "target", "content_hash"),
                        "table 'templatez' is not a table"),
                new Case(Map.of("table", "templates", "key", "title", "columns", "title", "target", "content_hash"),
                        "key [title] of public.templates is not the column list of a unique index"),
                new Case(Map.of("table", "templates", "key", "id", "columns", List.of("title", "nope"), "target",
                        "content_hash"), "public.templates has no column 'nope'"),
                new Case(Map.of("table", "templates", "key", "id", "columns", "title", "target", "variants"),
                        "target 'variants' is jsonb"),
                new Case(Map.of("table", "templates", "key", "id", "columns", "title", "target", "content_hash",
                        "colums", "x"), "unknown key colums"),
                new Case(Map.of("table", "templates; DROP TABLE templates", "key", "id", "columns", "title", "target",
                        "content_hash"), "is not a table"));
        for (Case c : cases) {
            Backfills b = Backfills.configure().dataSource(db.dataSource()).job(job("bad", "hash", c.options())).load();
            assertThatThrownBy(() -> b.run("bad", RunSettings.defaults(), new RunControl()))
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.code()).isEqualTo(BackfillErrorCode.INVALID_BACKFILL);
                        assertThat(e.getMessage()).startsWith("backfill 'bad': ").contains(c.message());
                    });
        }
        assertThatThrownBy(() -> hashes().run("nope", RunSettings.defaults(), new RunControl()))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(BackfillErrorCode.UNKNOWN_BACKFILL);
                    assertThat(e.hint()).contains("hashes");
                });
        Backfills unknownType = Backfills.configure().dataSource(db.dataSource())
                .job(job("x", "md5", Map.of())).load();
        assertThatThrownBy(() -> unknownType.run("x", RunSettings.defaults(), new RunControl()))
                .hasMessageContaining("type 'md5' is not known");
        assertThat(contents(db, "templates", "id")).isEqualTo(before);
        assertThat(Fixtures.runs(db)).isEqualTo("absent");
    }
}
