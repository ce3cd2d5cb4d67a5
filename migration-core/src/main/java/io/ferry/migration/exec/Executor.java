package io.ferry.migration.exec;

import io.ferry.migration.api.Durations;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.event.EventPublisher;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.graph.JavaBody;
import io.ferry.migration.history.Action;
import io.ferry.migration.history.History;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.history.NewHistoryEntry;
import io.ferry.migration.jdbc.FreshConnection;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.jdbc.Transactions;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.safety.DataLossReport;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.StatementTraits;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;

/**
 * Runs the steps of a plan on one connection, while the caller holds the migration lock.
 *
 * <p>A transactional revision runs in one transaction together with its record in the history (for a
 * native project, its {@code ferry_version} change and its {@code ferry_history} row) and the project's
 * {@link RunHooks} around it: all of it commits, or none of it does. A revision that runs statement by
 * statement records, when a statement fails, how many statements completed, so that the next run can say
 * exactly where it stopped.
 *
 * <p>A failure is recorded even when it was the connection that died (a terminated backend, a server
 * restart, a network cut): on a fresh connection then, counting as completed the statements before the
 * one that was running, whose session ended with it and which the server therefore rolled back. A restart
 * ends the migration lock's session too; the failure row is written all the same, without the lock, since
 * it only tells what happened and changes nothing a run relies on, and the error says that the lock was
 * lost, so another run may have started. Three cases are ambiguous, and the error says so: a connection
 * that breaks, with no word from the server (SQLSTATE 08006, not 57P01), after the server committed a
 * statement run in autocommit but before its reply arrived (that statement counts as not done, so a resume
 * runs it again; the hint says to check for it first); a connection that breaks during a commit, which may
 * have succeeded (the hint says to check the status before running again); and a Java migration that runs
 * outside a transaction, whose work up to the break stays applied.
 *
 * <p>Every statement runs under {@code lock_timeout}, set as {@link StepSql} says (the
 * {@link OfflineScript} prints the same). A statement that gives up waiting for a lock (SQLSTATE 55P03)
 * rolls its revision back, and the revision is tried again after a short, jittered pause, for as long as
 * the {@link LockRetries} budget lasts: the application's queries queue behind a waiting migration for at
 * most about {@code lock_timeout}, never for as long as the transaction the migration waits on, and the
 * migration completes soon after that transaction ends.
 */
public final class Executor {

    private static final System.Logger LOG = System.getLogger(Executor.class.getName());
    /**
     * The most SQL a revision may have, in UTF-8 bytes with its settings and its record, to go in one batch. The
     * driver writes a whole batch before it reads any reply; while it writes, the server may be blocked writing
     * replies (a statement raising many notices) and stop reading. A batch that fits in the sockets' buffers at
     * once (tens of kilobytes at the least, with the protocol's framing) is written in full whatever the server
     * does, so the two never wait on each other.
     */
    static final int BATCH_BYTES = 8_192;
    /** The most statements a revision may have to go in one batch (each adds a few protocol messages). */
    static final int BATCH_STATEMENTS = 64;
    /** A number in any script's digits: the driver formats it in the JVM's locale. */
    private static final Pattern FIRST_NUMBER = Pattern.compile("\\p{Nd}+");

    private final Connection connection;
    private final FreshConnection reconnect;
    private final History history;
    private final RunHooks hooks;
    private final ExecutionSettings settings;
    private final EventPublisher events;
    private final LockGuard lock;
    /** The steps after the one running: the hooks may want to know. */
    private List<PlannedStep> remaining = List.of();
    /** Who blocks a statement that waits for a lock; samples nothing until given a data source. */
    private BlockerSampler blockers = new BlockerSampler(null);
    /** What the plan loses, measured before the run; each step's rows record their revision's part. */
    private DataLossReport dataLoss = DataLossReport.none();
    /** The statements this run prepared on its connection for its records (see {@link #prepare}): dropped at the end. */
    private final Set<String> prepared = new HashSet<>();
    /** Those of them known to be there still: a revision that may have dropped them empties it. */
    private final Set<String> present = new HashSet<>();
    /** Set when a record could not be prepared: the run's records then go the other way. */
    private boolean cannotPrepare;

    /**
     * The run must still hold the migration lock. A revision run statement by statement is checked before it
     * starts; one run in a transaction, where the lock's {@link #heldCondition} is known, is checked by the
     * statement that records it, so that the check costs no round trip and comes just before the commit.
     */
    public interface LockGuard {
        /** Throws when the lock is gone; {@code before} names the revision about to run. */
        void verifyHeld(String before);

        /** An SQL condition that is true while the lock is held, evaluated by any session; empty if none. */
        default Optional<String> heldCondition() {
            return Optional.empty();
        }

        /** The error for a lock found lost; {@code what} says what the run did about it. */
        default RuntimeException lost(String what) {
            return new IllegalStateException("lost the migration lock; " + what);
        }
    }

    /**
     * @param reconnect where a failure is recorded when {@code connection} died
     * @param history   where each step is recorded, in the step's own transaction when it has one
     * @param hooks     what the project runs before and after each step
     */
    public Executor(Connection connection, FreshConnection reconnect, History history, RunHooks hooks,
                    ExecutionSettings settings, EventPublisher events, LockGuard lock) {
        this.connection = connection;
        this.reconnect = reconnect;
        this.history = history;
        this.hooks = hooks;
        this.settings = settings;
        this.events = events;
        this.lock = lock;
    }

    /**
     * Lets the run see which sessions block a statement that waits for a lock, from a side connection of
     * {@code dataSource} opened only once a statement has waited a while (see {@link BlockerSampler}), so
     * that a lock timeout or deadlock names them.
     */
    public Executor sampleBlockersFrom(DataSource dataSource) {
        this.blockers = new BlockerSampler(dataSource);
        return this;
    }

    /**
     * Records in each successful step's history row what its revision's statements lose, as {@code report}
     * measured it: for a run allowed to lose data. A failed step's row records none, unless the step ran outside
     * a transaction and some of its statements completed: those stay run.
     */
    public Executor recordingDataLoss(DataLossReport report) {
        this.dataLoss = report;
        return this;
    }

    /**
     * What a failed step's row records as lost: nothing when it ran in a transaction (rolled back) or before any
     * of its statements completed; else the revision's losses, for a statement that ran outside a transaction
     * stays run. The report covers all of the revision's statements, so a row of a step stopped half-way says
     * {@code partly run}.
     */
    private Optional<String> partlyLost(PlannedStep step, Optional<Integer> done, Optional<Integer> total) {
        int n = done.orElse(0);
        if (step.transactional() || n == 0) {
            return Optional.empty();
        }
        int all = total.orElse(step.statements().size());
        return dataLoss.forRevision(step.revision().id())
                .map(lost -> n < all ? "partly run (" + n + " of " + all + " statements): " + lost : lost);
    }

    /** A success row, with what the step's revision lost when the run was allowed to lose data. */
    private NewHistoryEntry noted(PlannedStep step, NewHistoryEntry entry) {
        return entry.withDataLoss(dataLoss.forRevision(step.revision().id()));
    }

    /**
     * Runs every step in order and stops at the first failure, after recording it. The failure is returned,
     * not thrown, together with the steps that ran before it; only an {@link Error} propagates.
     */
    public RunOutcome run(Plan plan) {
        try (BlockerSampler sampling = blockers) {
            return runSteps(plan);
        } finally {
            deallocate();
        }
    }

    private RunOutcome runSteps(Plan plan) {
        List<StepResult> results = new ArrayList<>();
        if (plan.isEmpty()) {
            return RunOutcome.completed(results);
        }
        try {
            // lock_timeout holds for the whole session; statements that work concurrently lift it for themselves.
            try (Statement s = connection.createStatement()) {
                s.execute(StepSql.runLockTimeout(settings));
            } catch (SQLException e) {
                throw SqlErrors.translate("setting lock_timeout", e);
            }
            List<PlannedStep> steps = plan.steps();
            for (int i = 0; i < steps.size(); i++) {
                PlannedStep step = steps.get(i);
                remaining = steps.subList(i + 1, steps.size());
                StepSql sql = StepSql.online(step, settings);
                if (!sql.transactional() || lock.heldCondition().isEmpty()) {
                    lock.verifyHeld(step.revision().id());
                }
                results.add(sql.transactional() ? runInTransaction(step, sql, true)
                        : runStatementByStatement(step, sql));
                if (mayDeallocate(step, sql)) {
                    present.clear(); // looked for, and prepared again if gone, when next needed
                }
            }
        } catch (RuntimeException failure) {
            return RunOutcome.failed(results, failure);
        }
        return RunOutcome.completed(results);
    }

    // ---------------------------------------------------------------- transactional revisions

    /**
     * Runs a revision whole. With {@code inTransaction} false (a Java migration that cannot run in a
     * transaction), its work runs in autocommit and only its record is a transaction of its own.
     */
    private StepResult runInTransaction(PlannedStep step, StepSql sql, boolean inTransaction) {
        List<SqlStatement> statements = sql.statements();
        long firstAttempt = System.nanoTime();
        boolean preparedAgain = false;
        for (int attempt = 1; ; attempt++) {
            events.publish(new MigrationEvent.RevisionStarted(Instant.now(), step.revision().id(), step.direction(),
                    step.revision().origin(), attempt));
            Instant startedAt = Instant.now();
            long t0 = System.nanoTime();
            int index = -1;
            boolean committing = false;
            Optional<History.StepRecord> pipelined = Optional.empty();
            try {
                // In a transaction, the record checks the lock: a run that lost it rolls the revision back. Work
                // done in autocommit is kept whatever the lock, so it is recorded as it stands (its lock was
                // checked before it started).
                Optional<String> held = inTransaction ? lock.heldCondition() : Optional.empty();
                pipelined = preparedAgain ? Optional.empty()
                        : pipelinedRecord(step, sql, statements, inTransaction, startedAt, held).filter(this::prepare);
                connection.setAutoCommit(!inTransaction);
                Duration took;
                if (pipelined.isPresent()) {
                    // The revision's statements and its record go in one round trip, and the commit follows.
                    List<String> settingsSql = sql.transactionSettings();
                    int[] rows;
                    try (Statement s = connection.createStatement();
                         BlockerSampler.Watch watch = blockers.watch(connection, statements, settings.lockTimeout())) {
                        s.setEscapeProcessing(false);
                        for (String set : settingsSql) {
                            s.addBatch(set);
                        }
                        for (SqlStatement statement : statements) {
                            s.addBatch(statement.sql());
                        }
                        s.addBatch(pipelined.get().sql());
                        rows = s.executeBatch();
                    } catch (BatchUpdateException batch) {
                        index = failedStatement(batch, settingsSql.size(), statements.size());
                        throw batch.getNextException() != null ? batch.getNextException() : batch;
                    }
                    took = Duration.ofNanos(System.nanoTime() - t0);
                    if (!pipelined.get().recorded(connection, rows[rows.length - 1])) {
                        throw lockLost(step, startedAt, took);
                    }
                } else {
                    try (Statement s = connection.createStatement()) {
                        s.setEscapeProcessing(false);
                        for (String set : sql.transactionSettings()) {
                            s.execute(set);
                        }
                        hooks.beforeStep(connection, step);
                        if (step.body() instanceof JavaBody java) {
                            runJava(java);
                        }
                        for (index = 0; index < statements.size(); index++) {
                            execute(s, statements.get(index), settings.lockTimeout());
                        }
                        index = -1;
                        hooks.afterStep(connection, step, remaining);
                    }
                    took = Duration.ofNanos(System.nanoTime() - t0);
                    connection.setAutoCommit(false);
                    NewHistoryEntry entry = noted(step, NewHistoryEntry.success(step.revision().id(), action(step),
                            step.revision().checksum(), startedAt, took.toMillis()));
                    if (held.isEmpty()) {
                        history.recordStep(connection, step, entry);
                    } else if (!history.recordStepIfHeld(connection, step, entry, held.get())) {
                        throw lockLost(step, startedAt, took);
                    }
                }
                committing = true;
                connection.commit();
                events.publish(new MigrationEvent.RevisionApplied(Instant.now(), step.revision().id(),
                        step.direction(), took));
                return new StepResult(step.revision().id(), step.direction(), took, attempt);
            } catch (SQLException e) {
                rollbackQuietly();
                SqlStatement failed = index >= 0 ? statements.get(index) : null;
                if (SqlErrors.isLockTimeout(e) && waitBeforeRetry(step, attempt, firstAttempt, failed, e)) {
                    continue;
                }
                Optional<History.Preparation> preparation = pipelined.flatMap(History.StepRecord::preparation);
                if (failed == null && !preparedAgain && "26000".equals(e.getSQLState()) && preparation.isPresent()
                        && !there(preparation.get())) {
                    // The record's prepared statement is gone: this revision or one before it dropped it in a way
                    // mayDeallocate cannot read (a DO block, a function). The revision was rolled back whole: it runs
                    // again statement by statement, with its record after them, and the next record is prepared anew.
                    preparedAgain = true;
                    present.remove(preparation.get().name());
                    continue;
                }
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                Optional<String> unrecorded = recordFailure(step, startedAt, took, e, failed, Optional.empty(),
                        Optional.empty());
                if (SqlErrors.isConnectionLost(e)) {
                    throw connectionLost(step, index, e, new Left(inTransaction, committing, Optional.empty()),
                            unrecorded);
                }
                Remedy left = inTransaction
                        ? Remedy.text("nothing of this revision was applied: it ran in one transaction, which was"
                        + " rolled back")
                        : Remedy.text("the migration runs outside a transaction, so what it did before it failed stays"
                        + " applied: undo that by hand, or make sure the migration can run over it");
                throw failure(step, failed, e, attempt, firstAttempt,
                        unrecorded.map(why -> left.and("; ", notRecorded(why, 0))).orElse(left));
            } catch (RuntimeException | Error e) {
                // Nothing else may end the transaction: resetting autocommit below would commit it.
                rollbackQuietly();
                throw e;
            } finally {
                resetAutoCommit();
            }
        }
    }

    /**
     * Prepares the statement {@code record} executes on this run's connection, unless the run has already; in
     * autocommit, before the revision's transaction, so that a failure here leaves nothing to roll back. One the
     * run prepared before and that a revision may have dropped is looked for first. A statement of that name that
     * is there already is the same statement: the name is made from its text (which holds the run's witness, so
     * no two runs share a name). False when it cannot be prepared, and for the rest of the run after such a
     * failure: the revision then goes statement by statement, and its record after them.
     */
    private boolean prepare(History.StepRecord record) {
        Optional<History.Preparation> preparation = record.preparation();
        if (preparation.isEmpty()) {
            return true;
        }
        String name = preparation.get().name();
        if (present.contains(name)) {
            return true;
        }
        if (cannotPrepare) {
            return false;
        }
        // Prepared before and maybe dropped since: looked for first, which costs the server no error.
        if (!prepared.contains(name) || !there(preparation.get())) {
            try (Statement s = connection.createStatement()) {
                s.setEscapeProcessing(false);
                s.execute(preparation.get().sql());
            } catch (SQLException e) {
                if (!"42P05".equals(e.getSQLState())) { // duplicate_prepared_statement: there already
                    cannotPrepare = true;
                    return false;
                }
            }
        }
        prepared.add(name);
        present.add(name);
        return true;
    }

    /** True when the statement is prepared on this run's connection; false when it is not or cannot be told. */
    private boolean there(History.Preparation preparation) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM pg_catalog.pg_prepared_statements WHERE name = ?")) {
            ps.setString(1, preparation.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * True when the step may have dropped what the run prepared: its statements deallocate or discard, or code
     * ran that Ferry does not read (a Java migration, callbacks).
     */
    private boolean mayDeallocate(PlannedStep step, StepSql sql) {
        return !present.isEmpty() && (hooks != RunHooks.NONE || step.body() instanceof JavaBody
                || sql.statements().stream().anyMatch(statement -> StatementTraits.of(statement).deallocates()));
    }

    /**
     * Drops what the run prepared, so that a pooled connection goes back as it came. One that is gone already is
     * let go; on a broken connection, nothing is left to drop.
     */
    private void deallocate() {
        for (String name : prepared) {
            try (Statement s = connection.createStatement()) {
                s.execute("DEALLOCATE " + name);
            } catch (SQLException e) {
                if (SqlErrors.isConnectionLost(e)) {
                    break;
                }
            }
        }
        prepared.clear();
        present.clear();
    }

    /** Rolls back a revision whose record found the lock gone, records the failure, and says so. */
    private RuntimeException lockLost(PlannedStep step, Instant startedAt, Duration took) {
        rollbackQuietly();
        RuntimeException lost = lock.lost("stopped at " + step.revision().id() + ", whose transaction was rolled back");
        recordFailure(step, startedAt, took, new SQLException(lost.getMessage()), null, Optional.empty(),
                Optional.empty());
        return lost;
    }

    /**
     * The record to send in the same round trip as the revision's statements, when they can all go in one JDBC
     * batch: a revision of SQL in one transaction, with no callbacks to run between its statements, none of which
     * returns rows, whose text is small (see {@link #BATCH_BYTES}), and a history that can write its record as
     * SQL text. Empty otherwise, and the statements go one at a time, then the record.
     */
    private Optional<History.StepRecord> pipelinedRecord(PlannedStep step, StepSql sql, List<SqlStatement> statements,
                                                         boolean inTransaction, Instant startedAt,
                                                         Optional<String> held) {
        if (!inTransaction || hooks != RunHooks.NONE || step.body() instanceof JavaBody || !batchable(List.of(),
                statements)) {
            return Optional.empty();
        }
        // The duration is the server's, taken by the record itself.
        return history.stepRecord(step, noted(step, NewHistoryEntry.success(step.revision().id(), action(step),
                        step.revision().checksum(), startedAt, 0)), held.orElse("true"))
                .filter(record -> batchable(concat(sql.transactionSettings(), record.sql()), statements));
    }

    /**
     * True when the statements, with the other SQL sent along (settings, the record), can go to the server in one
     * batch: none of the statements returns rows, and there are few of them with little text (see
     * {@link #BATCH_BYTES}).
     */
    static boolean batchable(List<String> others, List<SqlStatement> statements) {
        if (statements.isEmpty() || statements.size() > BATCH_STATEMENTS) {
            return false;
        }
        long bytes = 0;
        for (String other : others) {
            bytes += utf8Length(other);
        }
        for (SqlStatement statement : statements) {
            bytes += utf8Length(statement.sql());
            if (bytes > BATCH_BYTES || !StatementTraits.of(statement).returnsNoRows()) {
                return false;
            }
        }
        return bytes <= BATCH_BYTES;
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static List<String> concat(List<String> first, String last) {
        List<String> all = new ArrayList<>(first);
        all.add(last);
        return all;
    }

    /**
     * The index among {@code statements} of the one a batch failed at; -1 when it was another entry (a setting,
     * the record) or cannot be told. The driver numbers the failed entry from 0 in its message, before anything
     * else that could hold a digit ("Batch entry 3 INSERT ... was aborted: ..."; the entry's SQL follows only
     * when the connection logs server error details), in digits of the JVM's locale.
     */
    static int failedStatement(BatchUpdateException batch, int settings, int statements) {
        Matcher entry = FIRST_NUMBER.matcher(String.valueOf(batch.getMessage()));
        if (!entry.find() || entry.group().length() > 9) {
            return -1;
        }
        int number = 0;
        for (char digit : entry.group().toCharArray()) {
            number = number * 10 + Character.digit(digit, 10);
        }
        int index = number - settings;
        return index >= 0 && index < statements ? index : -1;
    }

    // ---------------------------------------------------------------- statement-by-statement revisions

    private StepResult runStatementByStatement(PlannedStep step, StepSql sql) {
        if (step.body() instanceof JavaBody) {
            return runInTransaction(step, sql, false);
        }
        List<SqlStatement> statements = sql.statements();
        int total = statements.size();
        int startAt = resumePoint(step);
        events.publish(new MigrationEvent.RevisionStarted(Instant.now(), step.revision().id(), step.direction(),
                step.revision().origin(), 1));
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        int attempts = 1;
        // The statements completed, counting those an earlier run completed: what a failure here leaves applied.
        int done = startAt;
        try {
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                s.setEscapeProcessing(false);
                for (String set : sql.sessionSettings()) {
                    s.execute(set);
                }
                hooks.beforeStep(connection, step);
                for (; done < total; done++) {
                    attempts = Math.max(attempts, runAlone(s, step, sql, statements.get(done), done, startedAt, t0));
                }
                hooks.afterStep(connection, step, remaining);
            } finally {
                resetSession(sql);
            }
        } catch (SQLException e) {
            // Preparing the session or a project's hook failed, before or after the statements.
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            Optional<String> unrecorded = recordFailure(step, startedAt, took, e, null, Optional.of(done),
                    Optional.of(total));
            if (SqlErrors.isConnectionLost(e)) {
                throw connectionLost(step, -1, e, new Left(false, false, Optional.of(done)), unrecorded);
            }
            Remedy left = partly(done, total, unrecorded);
            throw failure(step, null, e, attempts, t0, done == 0 ? left.and("; fix the cause, then run the command"
                    + " again") : left);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        boolean committing = false;
        try {
            connection.setAutoCommit(false);
            history.recordStep(connection, step, noted(step, new NewHistoryEntry(step.revision().id(), action(step),
                    step.revision().checksum(), startedAt, took.toMillis(), true, Optional.empty(),
                    Optional.of(total), Optional.of(total), Optional.empty())));
            committing = true;
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            Optional<String> unrecorded = recordFailure(step, startedAt, took, e, null, Optional.of(total),
                    Optional.of(total));
            if (SqlErrors.isConnectionLost(e)) {
                throw connectionLost(step, -1, e, new Left(false, committing, Optional.of(total)), unrecorded);
            }
            throw failure(step, null, e, attempts, t0, partly(total, total, unrecorded));
        } finally {
            resetAutoCommit();
        }
        events.publish(new MigrationEvent.RevisionApplied(Instant.now(), step.revision().id(), step.direction(), took));
        return new StepResult(step.revision().id(), step.direction(), took, attempts);
    }

    /**
     * Runs one statement in autocommit, retrying it on lock timeouts within a lock-retry budget of its
     * own (the statements before it are committed already), under the lock timeout {@link StepSql} gives
     * it: none for a statement that works concurrently ({@code CREATE INDEX CONCURRENTLY}, ...).
     *
     * @return how many attempts it took
     */
    private int runAlone(Statement s, PlannedStep step, StepSql sql, SqlStatement statement, int index,
                         Instant startedAt, long t0) throws SQLException {
        long firstAttempt = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                s.execute(sql.lockTimeoutFor(statement));
                execute(s, statement, sql.lockTimeoutOf(statement));
                return attempt;
            } catch (SQLException e) {
                if (SqlErrors.isLockTimeout(e) && waitBeforeRetry(step, attempt, firstAttempt, statement, e)) {
                    continue;
                }
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                int total = step.statements().size();
                Optional<String> unrecorded = recordFailure(step, startedAt, took, e, statement, Optional.of(index),
                        Optional.of(total));
                if (SqlErrors.isConnectionLost(e)) {
                    throw connectionLost(step, index, e, new Left(false, false, Optional.of(index)), unrecorded);
                }
                throw failure(step, statement, e, attempt, firstAttempt, partly(index, total, unrecorded));
            }
        }
    }

    /** Runs a Java migration on the run's connection; its failure fails the revision like a statement's. */
    private void runJava(JavaBody java) throws SQLException {
        try {
            java.migration().migrate(() -> connection);
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException(java.migration().getClass().getName() + " failed: " + e, "F0002", e);
        }
    }

    /**
     * Where a statement-by-statement revision starts: at its first statement, unless an earlier run
     * stopped half-way, in which case the policy decides.
     */
    private int resumePoint(PlannedStep step) {
        Optional<HistoryEntry> last;
        try {
            last = history.latest(connection, step.revision().id());
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the history of " + step.revision().id(), e);
        }
        Optional<Integer> done = last.filter(h -> !h.success() && h.action() == action(step))
                .flatMap(HistoryEntry::statementsDone).filter(n -> n > 0);
        if (done.isEmpty() || settings.partialPolicy() == PartialPolicy.RESTART) {
            return 0;
        }
        int n = done.get();
        HistoryEntry entry = last.get();
        List<SqlStatement> statements = step.statements();
        Remedy hint = Remedy.of("fix the cause and run again with ", MigrationRemedy.RESUME, " to continue at statement "
                + (n + 1) + "; or undo statements 1 to " + n + " by hand and run again with ", MigrationRemedy.RESTART);
        if (settings.partialPolicy() == PartialPolicy.RESUME) {
            boolean same = n <= statements.size() && entry.statementsHash()
                    .map(h -> h.equals(statementsHash(statements, n))).orElse(true);
            if (same) {
                return n;
            }
            throw new FerryException(MigrationErrorCode.PARTIALLY_APPLIED,
                    "cannot resume " + step.revision().id() + ": its first " + n + " statements, which ran, are not"
                            + " the same in " + step.revision().origin() + " now",
                    Remedy.of("restore those statements and resume, or undo what ran by hand and run again with ",
                            MigrationRemedy.RESTART));
        }
        String failedAt = n < statements.size()
                ? " at " + step.revision().origin() + ":" + statements.get(n).line() : "";
        String what = n >= statements.size()
                ? "an earlier " + action(step).column() + " ran all " + n + " statements, then failed to record the"
                + " revision: " + entry.error().orElse("(no error)")
                : "an earlier " + action(step).column() + " ran statements 1 to " + n + " of "
                + entry.statementsTotal().orElse(statements.size()) + ", then statement " + (n + 1) + failedAt
                + " failed: " + entry.error().orElse("(no error)");
        throw new FerryException(MigrationErrorCode.PARTIALLY_APPLIED,
                "revision " + step.revision().id() + " is half done: " + what,
                n >= statements.size()
                        ? Remedy.of("check the schema, then run again with ", MigrationRemedy.RESUME, " to record it")
                        : hint);
    }

    /** A fingerprint of the first {@code n} statements, to notice when a resume would skip different ones. */
    static String statementsHash(List<SqlStatement> statements, int n) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (SqlStatement statement : statements.subList(0, Math.min(n, statements.size()))) {
                sha.update(statement.sql().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * After attempt {@code attempt} gave up on {@code lock_timeout}: pauses and returns true when the
     * lock-retry budget (counted from {@code firstAttempt}, a {@link System#nanoTime()}) allows another
     * attempt; returns false at once when it does not.
     */
    private boolean waitBeforeRetry(PlannedStep step, int attempt, long firstAttempt, SqlStatement statement,
                                    SQLException e) {
        LockRetries retries = settings.lockRetries();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - firstAttempt);
        Optional<Duration> pause = retries.pauseAfter(attempt, elapsed, ThreadLocalRandom.current());
        if (pause.isEmpty()) {
            return false;
        }
        Duration backoff = pause.get();
        Duration left = retries.budget().minus(elapsed);
        events.publish(new MigrationEvent.LockTimeoutRetry(Instant.now(), step.revision().id(), attempt,
                retries.maxAttempts(), backoff, left, statement == null ? 0 : statement.line(),
                SqlErrors.serverMessage(e)));
        LOG.log(System.Logger.Level.INFO, () -> step.revision().id() + ": attempt " + attempt + " gave up waiting"
                + " for a lock; trying again in " + Durations.approximate(backoff) + " (" + Durations.approximate(left)
                + " of the lock-retry budget left)");
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new FerryException(MigrationErrorCode.MIGRATION_FAILED, "interrupted while waiting to retry "
                    + step.revision().id(), "run the command again");
        }
        return true;
    }

    /**
     * Records the failure in the history, on a fresh connection when the run's own one died, then runs the
     * project's hooks for a failed step and tells the listeners.
     *
     * @return empty once recorded; otherwise why the failure could not be recorded, on one line
     */
    private Optional<String> recordFailure(PlannedStep step, Instant startedAt, Duration took, SQLException e,
                                           SqlStatement statement, Optional<Integer> statementsDone,
                                           Optional<Integer> statementsTotal) {
        String error = (SqlErrors.isConnectionLost(e) ? "lost the connection to the database: " : "")
                + SqlErrors.serverMessage(e);
        NewHistoryEntry entry = new NewHistoryEntry(step.revision().id(), action(step),
                step.revision().checksum(), startedAt, took.toMillis(), false, Optional.of(error), statementsDone,
                statementsTotal, statementsDone.map(n -> statementsHash(step.statements(), n)))
                .withDataLoss(partlyLost(step, statementsDone, statementsTotal));
        Optional<String> unrecorded = reconnect.write(connection, e,
                c -> Transactions.run(c, tx -> history.recordFailure(tx, step, entry)));
        try {
            hooks.afterStepError(connection, step);
        } catch (SQLException callbackError) {
            e.addSuppressed(callbackError);
        }
        events.publish(new MigrationEvent.RevisionFailed(Instant.now(), step.revision().id(), step.direction(),
                SqlErrors.serverMessage(e), step.revision().origin(), statement == null ? 0 : statement.line()));
        return unrecorded;
    }

    /**
     * What stays applied of a revision run statement by statement that stopped after {@code done} of its
     * {@code total} statements, and the way on: once the failure is recorded, resuming (or undoing by hand
     * and restarting); when it is not, a new run would start at statement 1, so undoing by hand is the only one.
     */
    private static Remedy partly(int done, int total, Optional<String> unrecorded) {
        String applied = applied(done, total) + (done == 0 ? "" : " (the revision runs outside a transaction)");
        if (unrecorded.isPresent()) {
            return Remedy.of(applied + "; ", notRecorded(unrecorded.get(), done));
        }
        if (done == 0) {
            return Remedy.text(applied);
        }
        if (done >= total) {
            return Remedy.of(applied + ", but the revision is not recorded as applied; fix the cause, then run again"
                    + " with ", MigrationRemedy.RESUME, " to record it");
        }
        return Remedy.of(applied + "; fix the cause, then run again with ", MigrationRemedy.RESUME, " to continue at"
                + " statement " + (done + 1) + ", or undo them by hand and use ", MigrationRemedy.RESTART);
    }

    /** "no statement of this revision ran", "statement 1 of 3 ran and stays applied", "all 3 statements ran ...". */
    private static String applied(int done, int total) {
        if (done == 0) {
            return "no statement of this revision ran";
        }
        if (done >= total && total > 1) {
            return "all " + total + " statements ran and stay applied";
        }
        return upTo(done) + " of " + total + (done == 1 ? " ran and stays applied" : " ran and stay applied");
    }

    /**
     * What a failure the history could not take means: {@code status} does not show it, and with {@code done}
     * statements applied outside a transaction, a new run would start the revision at statement 1 again.
     */
    private static Remedy notRecorded(String why, int done) {
        return Remedy.of("recording the failure in the history failed too (" + why + "), so ",
                MigrationRemedy.SHOW_STATUS, " will not show it" + (done == 0 ? ""
                        : " and a new run would start the revision at statement 1 again: undo " + upTo(done)
                        + " by hand before it"));
    }

    /**
     * What a revision whose connection died may have left applied, as far as the run can tell.
     *
     * @param inTransaction its work ran in one transaction (a revision run statement by statement did not)
     * @param committing    the connection broke while a commit was under way: it may have succeeded
     * @param done          for a revision run statement by statement, how many of them completed
     */
    private record Left(boolean inTransaction, boolean committing, Optional<Integer> done) {
    }

    /**
     * The error of a revision whose connection died under it: terminated, the server restarted or went
     * away, the network cut. {@code running} is the index of the statement that was running (-1 when
     * none was).
     */
    private FerryException connectionLost(PlannedStep step, int running, SQLException e, Left left,
                                          Optional<String> unrecorded) {
        List<SqlStatement> statements = step.statements();
        int total = statements.size();
        Optional<Integer> done = left.done();
        int n = done.orElse(0);
        String where = running >= 0 ? step.revision().origin() + ":" + statements.get(running).line()
                : step.revision().origin();
        String during = running >= 0 ? " while statement " + (running + 1) + " of " + total + " ran"
                : left.committing() ? " while " + (left.inTransaction() ? "its transaction" : "its record")
                + " committed"
                : "";
        String applied = done.isPresent() ? applied(n, total) + (left.committing() ? "; whether its record committed"
                + " is unknown" : "")
                : left.committing() && left.inTransaction() ? "whether it committed is unknown"
                : left.inTransaction() ? "its transaction was rolled back"
                : "it runs outside a transaction, so what it did stays applied";
        // A restart ends the lock's session too: the failure is recorded all the same, since the row only
        // tells what happened, but another run may have taken the lock since.
        String lockLost = lockHeld(step) ? "" : "; the migration lock was lost too, so another run may have started";
        String message = action(step).column() + " of " + step.revision().id() + " stopped at " + where
                + ": the connection to the database was lost" + during + " (" + SqlErrors.serverMessage(e) + "); "
                + applied + lockLost;
        String check = "check that the server is up and accepts connections (its log says why the session ended:"
                + " a restart, pg_terminate_backend, an idle or network timeout)";
        // Without a word from the server, the statement may have committed just before the connection broke.
        boolean serverSaidSo = e.getSQLState() != null && e.getSQLState().startsWith("57P");
        String maybeCommitted = running >= 0 && done.isPresent() && !serverSaidSo
                ? "; the connection broke without a word from the server, so statement " + (running + 1) + " may have"
                + " committed just before: check whether its change is there, and if it is, undo it first, since"
                + " the next run runs it again" : "";
        Remedy remedy;
        if (left.committing()) {
            Remedy then = unrecorded.map(why -> Remedy.of("; ", notRecorded(why, n)))
                    .orElse(done.isPresent() ? Remedy.of("; if it is not, run again with ", MigrationRemedy.RESUME,
                            " to record it") : Remedy.text("; if it is not, run the command again"));
            remedy = Remedy.of("the commit may have succeeded: check with ", MigrationRemedy.SHOW_STATUS,
                    " whether the revision is applied before running again", then, "; " + check);
        } else if (unrecorded.isPresent()) {
            remedy = Remedy.of(notRecorded(unrecorded.get(), n), "; " + check + ", then run the command again"
                    + maybeCommitted);
        } else if (done.isEmpty() && !left.inTransaction()) {
            remedy = Remedy.of("the failure is recorded (", MigrationRemedy.SHOW_STATUS, " shows it); the next run"
                    + " runs the migration again from its start, so undo what it did by hand or make sure it can run"
                    + " over it; once the database answers again, run the command again; if sessions keep ending, "
                    + check);
        } else if (n == 0) {
            remedy = Remedy.of((done.isEmpty() ? "nothing of this revision was applied" : "no statement of this revision"
                    + " ran") + ", and the failure is recorded (", MigrationRemedy.SHOW_STATUS, " shows it): once the"
                    + " database answers again, run the command again; if sessions keep ending, " + check
                    + maybeCommitted);
        } else if (n >= total) {
            remedy = Remedy.of("the failure is recorded with all " + total + " statements done (",
                    MigrationRemedy.SHOW_STATUS, " shows it): once the database answers again, run again with ",
                    MigrationRemedy.RESUME, " to record the revision");
        } else {
            remedy = Remedy.of("the failure is recorded with " + upTo(n) + " of " + total + " done (",
                    MigrationRemedy.SHOW_STATUS, " shows it): once the database answers again, run again with ",
                    MigrationRemedy.RESUME, " to continue at statement " + (n + 1) + maybeCommitted);
        }
        return new FerryException(MigrationErrorCode.CONNECTION_LOST, message, remedy, e);
    }

    /** True while the run holds the migration lock (a restart ends its session too). */
    private boolean lockHeld(PlannedStep step) {
        try {
            lock.verifyHeld(step.revision().id());
            return true;
        } catch (FerryException gone) {
            return false;
        }
    }

    /** "statement 1" or "statements 1 to n". */
    private static String upTo(int n) {
        return n == 1 ? "statement 1" : "statements 1 to " + n;
    }

    /**
     * The line of the file where PostgreSQL places the error: the statement's first line, moved down by
     * the lines before the error's position in the statement (a syntax error, an unknown type or column).
     * Errors without a position (a failed constraint, a lock timeout) stay on the statement's first line.
     */
    static int errorLine(SqlStatement statement, SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            int position = p.getServerErrorMessage().getPosition(); // 1-based, in characters; 0 when none
            String sql = statement.sql();
            if (position > 0 && position <= sql.length() + 1) {
                return statement.line() + (int) sql.substring(0, position - 1).chars().filter(ch -> ch == '\n').count();
            }
        }
        return statement.line();
    }

    /** Runs one statement of a revision, watching who blocks it while it may wait {@code lockTimeout} for a lock. */
    private void execute(Statement s, SqlStatement statement, Duration lockTimeout) throws SQLException {
        try (BlockerSampler.Watch watch = blockers.watch(connection, statement, lockTimeout)) {
            s.execute(statement.sql());
        }
    }

    private FerryException failure(PlannedStep step, SqlStatement statement, SQLException e, int attempts,
                                   long firstAttempt, Remedy consequence) {
        String where = statement == null ? step.revision().origin()
                : step.revision().origin() + ":" + errorLine(statement, e);
        String failedAt = action(step).column() + " of " + step.revision().id() + " failed at " + where;
        return new StatementFailures(connection, settings).classify(new StatementFailures.Failure(failedAt, step,
                statement, e, consequence, attempts, Duration.ofNanos(System.nanoTime() - firstAttempt),
                blockers.last(statement)));
    }

    private static Action action(PlannedStep step) {
        return step.direction() == Direction.UPGRADE ? Action.UPGRADE : Action.DOWNGRADE;
    }

    private void resetSession(StepSql sql) {
        try (Statement s = connection.createStatement()) {
            for (String reset : sql.sessionReset()) {
                s.execute(reset);
            }
        } catch (SQLException ignored) {
            // a broken connection is reported by whatever runs next
        }
    }

    private void rollbackQuietly() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the transaction is gone with the connection
        }
    }

    private void resetAutoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; the caller closes it
        }
    }
}
