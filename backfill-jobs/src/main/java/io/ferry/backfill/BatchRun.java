package io.ferry.backfill;

import io.ferry.backfill.event.BackfillEvent;
import io.ferry.backfill.event.BackfillEventPublisher;
import io.ferry.migration.api.Backoff;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.exec.StatementFailures;
import io.ferry.migration.jdbc.FreshConnection;
import io.ferry.migration.jdbc.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * One invocation's walk over a job's batches, each in a short transaction of its own. A batch that gives
 * up on a lock or a timeout is rolled back and tried again, half the size, after a jittered pause; the
 * batch size grows back afterwards, or adapts to a target batch time. A real run commits each batch
 * together with its checkpoint; a dry run (one without a lock) walks the same batches read-only, rolls
 * each back, and keeps their figures and samples instead.
 */
final class BatchRun {

    /**
     * The settings of every batch, local to its transaction: the timeouts, and fixed text forms of values
     * (time zone, date and interval styles, bytea and float output), so that what a job computes from a
     * value's text (a hash) does not depend on the settings of whoever runs it. JIT is off: a batch's
     * queries are short, and compiling each one costs far more than it saves (on a server with JIT on, such as
     * Debian's PostgreSQL 15, every short batch query was compiled, and a run over unchanged rows took many times
     * longer).
     */
    private static final String BATCH_SETTINGS = "SELECT set_config('lock_timeout', ?, true),"
            + " set_config('statement_timeout', ?, true), set_config('TimeZone', 'UTC', true),"
            + " set_config('DateStyle', 'ISO, MDY', true), set_config('IntervalStyle', 'postgres', true),"
            + " set_config('bytea_output', 'hex', true), set_config('extra_float_digits', '1', true),"
            + " set_config('standard_conforming_strings', 'on', true), set_config('jit', 'off', true),"
            + " set_config('synchronous_commit', 'off', true)";
    /** The pause before a batch runs again: up to 200 ms after the first attempt, doubling up to 5 s. */
    private static final Backoff RETRY_PAUSE = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    private final DataSource dataSource;
    private final RunStore store;
    private final BackfillEventPublisher events;
    private final Connection c;
    private final JobRun run;
    private final JobLock lock;
    private final long runId;
    private final boolean dry;
    private final Optional<List<String>> resumedFrom;
    private final long scannedBefore;
    private final long changedBefore;
    private final int attempt;
    private final List<BatchReport> reports = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private long scanned;
    private long changed;
    private int batches;
    private int batchNumber;

    /**
     * @param c    the connection the batches run on
     * @param lock the job's lock, for a real run; null for a dry run
     * @param runId the run's row in {@code ferry_backfill_runs}; 0 for a dry run
     * @param from the interrupted run this one resumes, if any
     */
    BatchRun(DataSource dataSource, RunStore store, BackfillEventPublisher events, Connection c, JobRun run,
             JobLock lock, long runId, Optional<RunRecord> from) {
        this.dataSource = dataSource;
        this.store = store;
        this.events = events;
        this.c = c;
        this.run = run;
        this.lock = lock;
        this.runId = runId;
        this.dry = lock == null;
        this.resumedFrom = from.flatMap(RunRecord::cursor);
        this.scannedBefore = from.map(RunRecord::rowsScanned).orElse(0L);
        this.changedBefore = from.map(RunRecord::rowsChanged).orElse(0L);
        this.batchNumber = from.map(RunRecord::batches).orElse(0);
        this.attempt = from.map(r -> r.attempts() + 1).orElse(1);
    }

    /** Walks the batches until none is left, a stop is requested, or the row limit is reached. */
    RunResult run() throws SQLException {
        Instant start = Instant.now();
        BatchWork work = run.work();
        RunSettings settings = run.settings();
        BatchLimits limits = run.limits();
        RunControl control = run.control();
        Optional<Long> estimate = work.walker().estimate(c);
        events.publish(new BackfillEvent.Started(start, run.name(), runId, dry, resumedFrom, estimate));
        Optional<List<String>> cursor = resumedFrom;
        int size = limits.batchSize();
        RunState state;
        try {
            while (true) {
                if (control.stopRequested()) {
                    state = anythingLeft(cursor) ? RunState.PAUSED : RunState.SUCCEEDED;
                    break;
                }
                long limit = size;
                if (settings.maxRows().isPresent()) {
                    long left = settings.maxRows().get() - scanned;
                    if (left <= 0) {
                        state = anythingLeft(cursor) ? RunState.PAUSED : RunState.SUCCEEDED;
                        break;
                    }
                    limit = Math.min(limit, left);
                }
                Optional<BatchReport> done = batch(cursor, (int) limit);
                if (done.isEmpty()) {
                    state = RunState.SUCCEEDED;
                    break;
                }
                BatchReport report = done.get();
                cursor = Optional.of(report.upTo());
                scanned += report.rowsScanned();
                changed += report.rowsChanged();
                batches++;
                events.publish(new BackfillEvent.Progress(Instant.now(), run.name(), runId, dry, report.batch(),
                        report.batchSize(), report.rowsScanned(), report.rowsChanged(),
                        Duration.ofMillis(report.durationMs()), scannedBefore + scanned, changedBefore + changed,
                        estimate, report.upTo()));
                size = limits.nextSize(size, report);
                if (!limits.sleep().isZero()) {
                    try {
                        control.pause(limits.sleep().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        control.requestStop();
                    }
                }
            }
        } catch (FerryException e) {
            fail(e.getMessage(), e);
            throw e;
        } catch (SQLException e) {
            FerryException error = batchFailed(e, cursor);
            fail(error.getMessage(), e);
            throw error;
        } catch (RuntimeException e) {
            fail(e.toString(), e);
            throw e;
        }
        Duration took = Duration.between(start, Instant.now());
        Optional<RunRecord> total = Optional.empty();
        if (!dry) {
            store.finish(c, runId, attempt, state, null);
            total = Optional.of(store.get(c, runId, run.name()));
        }
        events.publish(new BackfillEvent.Finished(Instant.now(), run.name(), runId, dry, state.column(), scanned,
                changed, batches, took));
        return new RunResult(run.name(), dry, scanned, changed, batches, took, state, runId, resumedFrom,
                dry ? reports : List.of(), samples, total);
    }

    /**
     * One batch in its own transaction, retried smaller when it gives up on a lock or a statement
     * timeout. Empty when there is nothing left to walk.
     */
    private Optional<BatchReport> batch(Optional<List<String>> cursor, int limit) throws SQLException {
        BatchLimits limits = run.limits();
        int size = limit;
        for (int attemptNo = 1; ; attemptNo++) {
            long t0 = System.nanoTime();
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    if (dry) {
                        s.execute("SET TRANSACTION READ ONLY");
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(BATCH_SETTINGS)) {
                    ps.setString(1, limits.lockTimeout().toMillis() + "ms");
                    ps.setString(2, limits.statementTimeout().toMillis() + "ms");
                    ps.execute();
                }
                Optional<Batch> next = run.work().walker().next(c, cursor, size);
                if (next.isEmpty()) {
                    c.commit();
                    return Optional.empty();
                }
                Batch batch = next.get();
                BatchResult result = dry ? run.work().preview(c, batch, run.settings().samples() - samples.size())
                        : run.work().apply(c, batch);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                BatchReport report = new BatchReport(batchNumber + 1, batch.after(), batch.upTo(), size,
                        batch.rows(), result.rowsChanged(), ms);
                if (dry) {
                    c.rollback();
                    samples.addAll(result.samples());
                    reports.add(report);
                } else {
                    if (!store.checkpoint(c, runId, attempt, lock, report)) {
                        c.rollback();
                        if (!lock.held()) {
                            throw lock.lost();
                        }
                        throw new FerryException(BackfillErrorCode.BACKFILL_FAILED, "backfill '" + run.name()
                                + "': run " + runId + " is no longer this process's to run (its row in"
                                + " ferry_backfill_runs changed); batch " + report.batch() + " was rolled back",
                                Remedy.of("check ", BackfillRemedy.SHOW_STATUS, ": another run may have taken it over"));
                    }
                    c.commit();
                }
                batchNumber++;
                return Optional.of(report);
            } catch (SQLException e) {
                rollback(e);
                if (!retryable(e) || attemptNo > limits.retries()) {
                    if (retryable(e)) {
                        throw new FerryException(BackfillErrorCode.BACKFILL_FAILED, "backfill '" + run.name()
                                + "': batch " + (batchNumber + 1) + " gave up " + attemptNo + " times on a lock or"
                                + " statement timeout, the last time with " + size + " rows: "
                                + SqlErrors.oneLine(e.getMessage()),
                                Remedy.of("a long transaction is holding rows of the table (see pg_stat_activity and"
                                        + " pg_locks); end it or wait, then run the job again to resume, or raise ",
                                        BackfillRemedy.BATCH_LOCK_TIMEOUT), e);
                    }
                    throw e;
                }
                int smaller = Math.max(1, size / 2);
                Duration backoff = RETRY_PAUSE.pause(attemptNo, ThreadLocalRandom.current());
                events.publish(new BackfillEvent.Retry(Instant.now(), run.name(), attemptNo, limits.retries() + 1,
                        smaller, backoff, SqlErrors.oneLine(e.getMessage())));
                size = smaller;
                try {
                    run.control().pause(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    run.control().requestStop();
                }
            } catch (RuntimeException | Error e) {
                // Roll back before autocommit comes back on: turning it on would commit the batch.
                rollback(e);
                throw e;
            } finally {
                restoreAutoCommit();
            }
        }
    }

    /** A batch may run again after it gave up waiting (a lock, statement_timeout) or lost a conflict. */
    private static boolean retryable(SQLException e) {
        return SqlErrors.isLockTimeout(e) || SqlErrors.isQueryCanceled(e) || SqlErrors.isConflict(e);
    }

    private void restoreAutoCommit() throws SQLException {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            if (!c.isClosed() && c.isValid(1)) {
                throw e;
            }
            // a dead connection: the error that killed it is already on its way up
        }
    }

    private void rollback(Throwable e) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailed) {
            e.addSuppressed(rollbackFailed);
        }
    }

    private boolean anythingLeft(Optional<List<String>> cursor) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
                s.execute("SET LOCAL jit = off");
            }
            return run.work().walker().next(c, cursor, 1).isPresent();
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private FerryException batchFailed(SQLException e, Optional<List<String>> cursor) {
        String where = "batch " + (batchNumber + 1) + cursor.map(k -> " (keys after " + k + ")").orElse("");
        if (SqlErrors.isConnectionLost(e)) {
            return new FerryException(MigrationErrorCode.CONNECTION_LOST, "backfill '" + run.name() + "' lost the"
                    + " connection to the database in " + where + ": " + SqlErrors.describe(e) + "; the batch was"
                    + " rolled back", dry ? Remedy.text("the dry run changed nothing; run it again once the database"
                    + " answers") : Remedy.of("the batches before it are committed and run " + runId + " stays"
                    + " unfinished (", BackfillRemedy.SHOW_STATUS, " shows it interrupted); once the database answers"
                    + " again, run the job again: it resumes from its checkpoint"), e);
        }
        FerryException db = SqlErrors.translate("running batch " + (batchNumber + 1) + " of backfill '" + run.name()
                + "'", e);
        if (db.category() == ErrorCategory.CONNECTION) {
            return db;
        }
        Optional<FerryException> refused = refused(e, where);
        if (refused.isPresent()) {
            return refused.get();
        }
        return new FerryException(BackfillErrorCode.BACKFILL_FAILED, "backfill '" + run.name() + "' failed in "
                + where + ": " + SqlErrors.describe(e),
                dry ? "the dry run changed nothing; fix the cause and run it again"
                        : "the batches before it are committed; fix the cause and run the job again to resume"
                        + " from its checkpoint", e);
    }

    /**
     * A batch the server refused: a privilege the user lacks (with the {@code GRANT}, when the work outlines what
     * it writes; a dry run only reads), a read-only database (not a dry run's own read-only transaction), a full
     * disk, no memory.
     */
    private Optional<FerryException> refused(SQLException e, String where) {
        String state = String.valueOf(e.getSQLState());
        List<String> outline = dry ? List.of() : run.work().outline();
        if (state.equals(SqlErrors.INSUFFICIENT_PRIVILEGE) && !dry && outline.isEmpty()
                || state.equals(SqlErrors.READ_ONLY_TRANSACTION) && dry) {
            return Optional.empty();
        }
        Remedy consequence = dry ? Remedy.text("the dry run changed nothing")
                : Remedy.text("the batches before it are committed, and the job resumes from its checkpoint when run"
                + " again");
        return StatementFailures.refusal(c, "backfill '" + run.name() + "' failed in " + where, e, outline,
                consequence);
    }

    /**
     * Records the failure (on a fresh connection if this one broke) and tells the listeners. A run whose
     * connection was lost stays unfinished, with the error: once this process lets go of the job's lock,
     * status shows it interrupted, and the next run resumes it. Any other failure ends the run
     * {@code failed}. A run that lost its lock records nothing: the run may be another process's now.
     */
    private void fail(String message, Exception cause) {
        if (!dry && lock.held()) {
            boolean lost = cause instanceof SQLException e ? SqlErrors.isConnectionLost(e)
                    : cause instanceof FerryException f && f.code() == MigrationErrorCode.CONNECTION_LOST;
            // When no connection takes the write either, the row stays 'running': interrupted, too.
            new FreshConnection(dataSource, Duration.ZERO).write(c, cause instanceof SQLException e ? e : null,
                    to -> {
                        if (lost) {
                            store.interrupt(to, runId, attempt, message);
                        } else {
                            store.finish(to, runId, attempt, RunState.FAILED, message);
                        }
                    });
        }
        events.publish(new BackfillEvent.Failed(Instant.now(), run.name(), runId, message));
    }
}
