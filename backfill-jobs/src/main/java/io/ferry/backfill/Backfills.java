package io.ferry.backfill;

import io.ferry.backfill.internal.JobLock;
import io.ferry.backfill.internal.RunStore;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.event.EventPublisher;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.event.MigrationListener;
import io.ferry.migration.internal.Db;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The backfills of a project: its declared jobs, and the runner that carries them out.
 *
 * <pre>
 * Backfills backfills = Backfills.configure()
 *         .dataSource(dataSource)
 *         .job(new JobDefinition("hashes", "hash", new JobOptions("hashes", Map.of(
 *                 "table", "proposal_templates", "key", "id",
 *                 "columns", List.of("title", "body"), "target", "content_hash"))))
 *         .load();
 * RunResult preview = backfills.run("hashes", RunSettings.defaults().dryRun(true), new RunControl());
 * RunResult done = backfills.run("hashes", RunSettings.defaults(), new RunControl());
 * </pre>
 *
 * A real run takes the job's lock, walks the table in batches, and commits each batch's rows together
 * with its checkpoint; it resumes an interrupted run of the job from that checkpoint. A dry run walks
 * the same batches in read-only transactions and records nothing.
 */
public final class Backfills {

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
    private static final String RUNNER_KEYS = "batch-size, sleep, target-batch-ms, lock-timeout, statement-timeout,"
            + " retries";

    private final DataSource dataSource;
    private final String schema;
    private final Path projectDir;
    private final Map<String, JobDefinition> jobs;
    private final Map<String, BackfillJob> types;
    private final EventPublisher events;
    private final RunStore store;

    private Backfills(Builder b) {
        this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource");
        this.schema = b.schema;
        this.projectDir = b.projectDir;
        this.jobs = new LinkedHashMap<>(b.jobs);
        this.events = b.events != null ? b.events : new EventPublisher(b.listeners);
        this.store = new RunStore(schema);
        Map<String, BackfillJob> found = new TreeMap<>();
        for (BackfillJob type : ServiceLoader.load(BackfillJob.class, b.classLoader)) {
            found.putIfAbsent(type.type(), type);
        }
        this.types = found;
    }

    public static Builder configure() {
        return new Builder();
    }

    /** The declared jobs, in the order declared. */
    public List<JobDefinition> jobs() {
        return List.copyOf(jobs.values());
    }

    /** The job types on the class path: the built-in ones and any {@link BackfillJob} service. */
    public List<String> types() {
        return List.copyOf(types.keySet());
    }

    /**
     * Runs a job, or with {@link RunSettings#dryRun} reports what it would do.
     *
     * @throws FerryException {@code unknown-backfill} and {@code invalid-backfill} for bad input (nothing
     *         changed), {@code backfill-running} when the job is running elsewhere, {@code backfill-failed}
     *         when a batch fails (the batches before it stay committed, and the next run resumes after them)
     */
    public RunResult run(String job, RunSettings settings, RunControl control) {
        JobDefinition definition = jobs.get(job);
        if (definition == null) {
            throw new FerryException(BackfillErrorCode.UNKNOWN_BACKFILL, "no backfill named '" + job + "' is declared",
                    jobs.isEmpty() ? "declare jobs under backfills: in ferry.yaml (see docs/backfills.md)"
                            : "the declared jobs are " + String.join(", ", jobs.keySet()));
        }
        JobOptions options = new JobOptions(job, definition.options().asMap());
        Limits limits = limits(options, settings);
        BackfillJob type = type(definition);
        Connection c = Db.openForWork(dataSource);
        try {
            BatchWork work = prepare(c, type, options);
            return settings.dryRun() ? dryRun(c, definition, work, settings, limits, control)
                    : realRun(c, definition, work, settings, limits, control);
        } catch (SQLException e) {
            throw Db.error("preparing backfill '" + job + "'", e);
        } finally {
            Db.release(c);
        }
    }

    /** Every declared job with its newest run and whether it is running now. Changes nothing. */
    public List<JobStatus> status(int recentBatches) {
        Connection c = Db.open(dataSource);
        try {
            boolean recorded = store.exists(c);
            List<JobStatus> result = new ArrayList<>();
            for (JobDefinition d : jobs.values()) {
                var holder = JobLock.holder(c, schema, d.name());
                Optional<RunRecord> last = recorded ? store.latest(c, d.name(), holder.isEmpty(), recentBatches)
                        : Optional.empty();
                result.add(new JobStatus(d, last, holder));
            }
            return result;
        } catch (SQLException e) {
            throw Db.error("reading the backfill runs", e);
        } finally {
            Db.release(c);
        }
    }

    // ---------------------------------------------------------------- preparing

    private BackfillJob type(JobDefinition definition) {
        BackfillJob type = types.get(definition.type());
        if (type == null) {
            throw new FerryException(BackfillErrorCode.INVALID_BACKFILL, "backfill '" + definition.name() + "': type '"
                    + definition.type() + "' is not known", "the types are " + String.join(", ", types.keySet())
                    + "; a custom type must be a BackfillJob listed in META-INF/services on the class path");
        }
        return type;
    }

    private BatchWork prepare(Connection c, BackfillJob type, JobOptions options) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
            }
            return type.prepare(new JobContext(c, projectDir, options));
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    /** The throttles and timeouts of a run: flags, then the job's entry, then the defaults. */
    private record Limits(int batchSize, Duration sleep, Optional<Duration> targetBatch, Duration lockTimeout,
                          Duration statementTimeout, int retries) {
    }

    private static Limits limits(JobOptions options, RunSettings s) {
        int batchSize = s.batchSizeSet().orElseGet(() -> options.optionalLong("batch-size", 1).map(n -> {
            if (n > RunSettings.MAX_BATCH_SIZE) {
                throw options.invalid("batch-size must be 1 to " + RunSettings.MAX_BATCH_SIZE + ", not " + n,
                        "write a smaller batch-size");
            }
            return n.intValue();
        }).orElse(RunSettings.DEFAULT_BATCH_SIZE));
        Duration sleep = s.sleepSet().orElseGet(() -> options.optionalDuration("sleep").orElse(Duration.ZERO));
        Optional<Duration> target = s.targetBatchSet().or(() -> options.optionalLong("target-batch-ms", 1)
                .map(Duration::ofMillis));
        Duration lockTimeout = s.lockTimeoutSet().orElseGet(() -> options.optionalDuration("lock-timeout")
                .map(d -> timeout(options, "lock-timeout", d)).orElse(RunSettings.DEFAULT_LOCK_TIMEOUT));
        Duration statementTimeout = s.statementTimeoutSet().orElseGet(() -> options.optionalDuration("statement-timeout")
                .map(d -> timeout(options, "statement-timeout", d)).orElse(RunSettings.DEFAULT_STATEMENT_TIMEOUT));
        int retries = s.retriesSet().orElseGet(() -> options.optionalLong("retries", 0).map(Long::intValue)
                .orElse(RunSettings.DEFAULT_RETRIES));
        return new Limits(batchSize, sleep, target, lockTimeout, statementTimeout, retries);
    }

    private static Duration timeout(JobOptions options, String key, Duration d) {
        try {
            return RunSettings.timeout(d, key);
        } catch (IllegalArgumentException e) {
            throw options.invalid(e.getMessage(), "write " + key + ": 1s, for example");
        }
    }

    /** The job's newest run when it did not finish (paused, failed, or running in a process that died). */
    private Optional<RunRecord> interrupted(Connection c, JobDefinition job, boolean lockFree) throws SQLException {
        if (!store.exists(c)) {
            return Optional.empty();
        }
        return store.latest(c, job.name(), lockFree, 0).filter(r -> r.state().resumable());
    }

    /** Where a run starts: after the checkpoint of an interrupted run, unless told to restart. */
    private static Optional<RunRecord> resumeFrom(JobDefinition job, BatchWork work, RunSettings settings,
                                                  Optional<RunRecord> interrupted) {
        if (interrupted.isEmpty() || settings.restart()) {
            return Optional.empty();
        }
        RunRecord run = interrupted.get();
        if (!RunStore.sameJson(RunStore.field(run.parameters(), "definition"), RunStore.json(work.definition()))) {
            throw new FerryException(BackfillErrorCode.BACKFILL_DEFINITION_CHANGED, "backfill '" + job.name()
                    + "' changed since run " + run.id() + " stopped " + run.cursor().map(k -> "after key " + k)
                    .orElse("before its first batch") + " (" + run.displayState() + "); resuming it would mix two"
                    + " definitions", "run it with --restart to start over from the beginning (run " + run.id()
                    + " is then marked cancelled), or restore the job's settings to resume");
        }
        return interrupted;
    }

    // ---------------------------------------------------------------- running

    private RunResult dryRun(Connection c, JobDefinition job, BatchWork work, RunSettings settings, Limits limits,
                             RunControl control) throws SQLException {
        Optional<RunRecord> from = resumeFrom(job, work, settings,
                interrupted(c, job, JobLock.holder(c, schema, job.name()).isEmpty()));
        return new Pass(c, job, work, settings, limits, control, null, 0, from).run();
    }

    private RunResult realRun(Connection c, JobDefinition job, BatchWork work, RunSettings settings, Limits limits,
                              RunControl control) throws SQLException {
        try (JobLock lock = JobLock.acquire(dataSource, schema, job.name())) {
            store.ensure(c);
            Optional<RunRecord> interrupted = interrupted(c, job, true);
            Optional<RunRecord> from = resumeFrom(job, work, settings, interrupted);
            long[] id = new long[1];
            Db.transaction(c, tx -> {
                if (from.isPresent()) {
                    id[0] = from.get().id();
                    store.resume(tx, id[0]);
                    return;
                }
                if (interrupted.isPresent()) {
                    store.cancel(tx, interrupted.get().id());
                }
                Map<String, Object> parameters = new LinkedHashMap<>();
                parameters.put("type", job.type());
                parameters.put("definition", work.definition());
                parameters.put("settings", settings.asMap());
                id[0] = store.start(tx, job.name(), RunStore.json(parameters), startedBy());
            });
            return new Pass(c, job, work, settings, limits, control, lock, id[0], from).run();
        }
    }

    private static String startedBy() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.nio.file.Files.readString(Path.of("/etc/hostname")).strip();
            } catch (java.io.IOException | RuntimeException e) {
                host = "";
            }
        }
        String user = System.getProperty("user.name", "?");
        return host.isEmpty() ? user : user + "@" + host;
    }

    /** One invocation's walk over the batches; a dry run when it has no lock. */
    private final class Pass {
        private final Connection c;
        private final JobDefinition job;
        private final BatchWork work;
        private final RunSettings settings;
        private final Limits limits;
        private final RunControl control;
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

        Pass(Connection c, JobDefinition job, BatchWork work, RunSettings settings, Limits limits, RunControl control,
             JobLock lock, long runId, Optional<RunRecord> from) {
            this.c = c;
            this.job = job;
            this.work = work;
            this.settings = settings;
            this.limits = limits;
            this.control = control;
            this.lock = lock;
            this.runId = runId;
            this.dry = lock == null;
            this.resumedFrom = from.flatMap(RunRecord::cursor);
            this.scannedBefore = from.map(RunRecord::rowsScanned).orElse(0L);
            this.changedBefore = from.map(RunRecord::rowsChanged).orElse(0L);
            this.batchNumber = from.map(RunRecord::batches).orElse(0);
            this.attempt = from.map(r -> r.attempts() + 1).orElse(1);
        }

        RunResult run() throws SQLException {
            Instant start = Instant.now();
            Optional<Long> estimate = work.walker().estimate(c);
            events.publish(new MigrationEvent.BackfillStarted(start, job.name(), runId, dry, resumedFrom, estimate));
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
                    events.publish(new MigrationEvent.BackfillProgress(Instant.now(), job.name(), runId, dry,
                            report.batch(), report.batchSize(), report.rowsScanned(), report.rowsChanged(),
                            Duration.ofMillis(report.durationMs()), scannedBefore + scanned, changedBefore + changed,
                            estimate, report.upTo()));
                    size = nextSize(size, report);
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
                fail(e.getMessage());
                throw e;
            } catch (SQLException e) {
                FerryException error = batchFailed(e, cursor);
                fail(error.getMessage());
                throw error;
            } catch (RuntimeException e) {
                fail(e.toString());
                throw e;
            }
            Duration took = Duration.between(start, Instant.now());
            Optional<RunRecord> total = Optional.empty();
            if (!dry) {
                store.finish(c, runId, attempt, state, null);
                total = Optional.of(store.get(c, runId, job.name()));
            }
            events.publish(new MigrationEvent.BackfillFinished(Instant.now(), job.name(), runId, dry, state.column(),
                    scanned, changed, batches, took));
            return new RunResult(job.name(), dry, scanned, changed, batches, took, state, runId, resumedFrom,
                    dry ? reports : List.of(), samples, total);
        }

        /**
         * One batch in its own transaction, retried smaller when it gives up on a lock or a statement
         * timeout. Empty when there is nothing left to walk.
         */
        private Optional<BatchReport> batch(Optional<List<String>> cursor, int limit) throws SQLException {
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
                    Optional<Batch> next = work.walker().next(c, cursor, size);
                    if (next.isEmpty()) {
                        c.commit();
                        return Optional.empty();
                    }
                    Batch batch = next.get();
                    BatchResult result = dry ? work.preview(c, batch, settings.samples() - samples.size())
                            : work.apply(c, batch);
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
                            throw new FerryException(BackfillErrorCode.BACKFILL_FAILED, "backfill '" + job.name() + "': run "
                                    + runId + " is no longer this process's to run (its row in ferry_backfill_runs"
                                    + " changed); batch " + report.batch() + " was rolled back",
                                    "check ferry backfill status: another run may have taken it over");
                        }
                        c.commit();
                    }
                    batchNumber++;
                    return Optional.of(report);
                } catch (SQLException e) {
                    rollback(e);
                    if (!retryable(e) || attemptNo > limits.retries()) {
                        if (retryable(e)) {
                            throw new FerryException(BackfillErrorCode.BACKFILL_FAILED, "backfill '" + job.name() + "': batch "
                                    + (batchNumber + 1) + " gave up " + attemptNo + " times on a lock or statement"
                                    + " timeout, the last time with " + size + " rows: " + Db.oneLine(e.getMessage()),
                                    "a long transaction is holding rows of the table (see pg_stat_activity and"
                                            + " pg_locks); end it or wait, then run the job again to resume, or raise"
                                            + " --lock-timeout", e);
                        }
                        throw e;
                    }
                    int smaller = Math.max(1, size / 2);
                    long backoff = Math.min(5_000, 100L << Math.min(attemptNo, 6));
                    backoff = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                    events.publish(new MigrationEvent.BackfillRetry(Instant.now(), job.name(), attemptNo,
                            limits.retries() + 1, smaller, Duration.ofMillis(backoff), Db.oneLine(e.getMessage())));
                    size = smaller;
                    try {
                        control.pause(backoff);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        control.requestStop();
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

        /** After a full batch: adapt to the target time, or grow back towards the set size after a retry. */
        private int nextSize(int size, BatchReport report) {
            if (report.rowsScanned() < report.batchSize()) {
                return size;
            }
            if (limits.targetBatch().isPresent()) {
                double ratio = limits.targetBatch().get().toMillis() / (double) Math.max(1, report.durationMs());
                ratio = Math.max(0.5, Math.min(2.0, ratio));
                return (int) Math.max(1, Math.min(RunSettings.MAX_BATCH_SIZE, Math.round(report.batchSize() * ratio)));
            }
            return report.batchSize() < limits.batchSize() ? Math.min(limits.batchSize(), report.batchSize() * 2)
                    : limits.batchSize();
        }

        private boolean anythingLeft(Optional<List<String>> cursor) throws SQLException {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION READ ONLY");
                }
                return work.walker().next(c, cursor, 1).isPresent();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }

        private FerryException batchFailed(SQLException e, Optional<List<String>> cursor) {
            FerryException db = Db.error("running batch " + (batchNumber + 1) + " of backfill '" + job.name() + "'", e);
            if (db.code() == MigrationErrorCode.CONNECTION_FAILED) {
                return db;
            }
            return new FerryException(BackfillErrorCode.BACKFILL_FAILED, "backfill '" + job.name() + "' failed in batch "
                    + (batchNumber + 1) + cursor.map(k -> " (keys after " + k + ")").orElse("") + ": "
                    + Db.oneLine(e.getMessage()) + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]"),
                    dry ? "the dry run changed nothing; fix the cause and run it again"
                            : "the batches before it are committed; fix the cause and run the job again to resume"
                            + " from its checkpoint", e);
        }

        /**
         * Records the failure (on a fresh connection if this one broke) and tells the listeners. A run
         * that lost its lock records nothing: the run may be another process's now.
         */
        private void fail(String message) {
            if (!dry && lock.held()) {
                try {
                    store.finish(c, runId, attempt, RunState.FAILED, message);
                } catch (SQLException e) {
                    Connection fresh = null;
                    try {
                        fresh = Db.open(dataSource);
                        store.finish(fresh, runId, attempt, RunState.FAILED, message);
                    } catch (SQLException | RuntimeException ignored) {
                        // the row stays 'running'; with the lock gone, status shows it interrupted
                    } finally {
                        Db.closeQuietly(fresh);
                    }
                }
            }
            events.publish(new MigrationEvent.BackfillFailed(Instant.now(), job.name(), runId, message));
        }
    }

    /**
     * The settings of every batch, local to its transaction: the timeouts, and fixed text forms of values
     * (time zone, date and interval styles, bytea and float output), so that what a job computes from a
     * value's text (a hash) does not depend on the settings of whoever runs it.
     */
    private static final String BATCH_SETTINGS = "SELECT set_config('lock_timeout', ?, true),"
            + " set_config('statement_timeout', ?, true), set_config('TimeZone', 'UTC', true),"
            + " set_config('DateStyle', 'ISO, MDY', true), set_config('IntervalStyle', 'postgres', true),"
            + " set_config('bytea_output', 'hex', true), set_config('extra_float_digits', '1', true),"
            + " set_config('standard_conforming_strings', 'on', true)";

    private static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return "55P03".equals(state) || "57014".equals(state) || "40P01".equals(state) || "40001".equals(state);
    }

    /** Settings of {@link Backfills}. */
    public static final class Builder {
        private DataSource dataSource;
        private String schema = "public";
        private Path projectDir = Path.of(".");
        private final Map<String, JobDefinition> jobs = new LinkedHashMap<>();
        private final List<MigrationListener> listeners = new ArrayList<>();
        private EventPublisher events;
        private ClassLoader classLoader = Backfills.class.getClassLoader();

        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** The schema of {@code ferry_backfill_runs} and {@code ferry_backfill_batches} (default public). */
        public Builder schema(String schema) {
            if (!SCHEMA.matcher(schema).matches()) {
                throw new IllegalArgumentException("'" + schema + "' cannot be the schema of the backfill tables");
            }
            this.schema = schema;
            return this;
        }

        /** Where relative file names in job settings are resolved (the directory of ferry.yaml). */
        public Builder projectDir(Path dir) {
            this.projectDir = dir;
            return this;
        }

        public Builder job(JobDefinition job) {
            if (jobs.putIfAbsent(job.name(), job) != null) {
                throw new IllegalArgumentException("two backfills are named '" + job.name() + "'");
            }
            return this;
        }

        public Builder jobs(List<JobDefinition> jobs) {
            jobs.forEach(this::job);
            return this;
        }

        public Builder listener(MigrationListener listener) {
            listeners.add(listener);
            return this;
        }

        /** Publish to these listeners instead (for example a {@code Ferry} instance's). */
        public Builder events(EventPublisher events) {
            this.events = events;
            return this;
        }

        /** Where {@link BackfillJob} services are looked for. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            return this;
        }

        public Backfills load() {
            return new Backfills(this);
        }
    }

    /** The keys every job accepts besides its type's, for messages. */
    public static String runnerKeys() {
        return RUNNER_KEYS;
    }
}
