package io.ferry.backfill;

import io.ferry.backfill.event.BackfillEventPublisher;
import io.ferry.backfill.event.BackfillListener;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.jdbc.Transactions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
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
    private final BackfillEventPublisher events;
    private final RunStore store;

    private Backfills(Builder b) {
        this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource");
        this.schema = b.schema;
        this.projectDir = b.projectDir;
        this.jobs = new LinkedHashMap<>(b.jobs);
        this.events = new BackfillEventPublisher(b.listeners);
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
     *         when a batch fails (the batches before it stay committed, and the next run resumes after them);
     *         a batch the server refuses for a cause outside the job has that cause's code instead:
     *         {@code permission-denied}, {@code read-only-database}, {@code disk-full}, {@code out-of-memory};
     *         a lost connection is {@code connection-lost}
     */
    public RunResult run(String job, RunSettings settings, RunControl control) {
        JobDefinition definition = jobs.get(job);
        if (definition == null) {
            throw new FerryException(BackfillErrorCode.UNKNOWN_BACKFILL, "no backfill named '" + job + "' is declared",
                    jobs.isEmpty() ? "declare jobs under backfills: in ferry.yaml (see docs/backfills.md)"
                            : "the declared jobs are " + String.join(", ", jobs.keySet()));
        }
        JobOptions options = new JobOptions(job, definition.options().asMap());
        BatchLimits limits = BatchLimits.of(options, settings);
        BackfillJob type = type(definition);
        try (Session session = Session.openForWork(dataSource)) {
            Connection c = session.connection();
            JobRun run = new JobRun(definition, prepare(c, type, options), settings, limits, control);
            return settings.dryRun() ? dryRun(c, run) : realRun(c, run);
        } catch (SQLException e) {
            throw SqlErrors.translate("preparing backfill '" + job + "'", e);
        }
    }

    /** Every declared job with its newest run and whether it is running now. Changes nothing. */
    public List<JobStatus> status(int recentBatches) {
        try (Session session = Session.open(dataSource)) {
            Connection c = session.connection();
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
            throw SqlErrors.translate("reading the backfill runs", e);
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

    /** The job's newest run when it did not finish (paused, failed, or running in a process that died). */
    private Optional<RunRecord> interrupted(Connection c, JobDefinition job, boolean lockFree) throws SQLException {
        if (!store.exists(c)) {
            return Optional.empty();
        }
        return store.latest(c, job.name(), lockFree, 0).filter(r -> r.state().resumable());
    }

    /** Where a run starts: after the checkpoint of an interrupted run, unless told to restart. */
    private static Optional<RunRecord> resumeFrom(JobRun jobRun, Optional<RunRecord> interrupted) {
        JobDefinition job = jobRun.job();
        if (interrupted.isEmpty() || jobRun.settings().restart()) {
            return Optional.empty();
        }
        RunRecord run = interrupted.get();
        if (!RunStore.sameJson(RunStore.field(run.parameters(), "definition"), RunStore.json(jobRun.work().definition()))) {
            throw new FerryException(BackfillErrorCode.BACKFILL_DEFINITION_CHANGED, "backfill '" + job.name()
                    + "' changed since run " + run.id() + " stopped " + run.cursor().map(k -> "after key " + k)
                    .orElse("before its first batch") + " (" + run.displayState() + "); resuming it would mix two"
                    + " definitions", Remedy.of("run it with ", BackfillRemedy.RESTART, " to start over from the beginning"
                    + " (run " + run.id() + " is then marked cancelled), or restore the job's settings to resume"));
        }
        return interrupted;
    }

    // ---------------------------------------------------------------- running

    /** Walks the batches read-only, recording nothing, from where a real run would start. */
    private RunResult dryRun(Connection c, JobRun run) throws SQLException {
        Optional<RunRecord> from = resumeFrom(run,
                interrupted(c, run.job(), JobLock.holder(c, schema, run.name()).isEmpty()));
        return new BatchRun(dataSource, store, events, c, run, null, 0, from).run();
    }

    /** Takes the job's lock, records the run (a new one, or the interrupted one resumed), and walks the batches. */
    private RunResult realRun(Connection c, JobRun run) throws SQLException {
        JobDefinition job = run.job();
        try (JobLock lock = JobLock.acquire(dataSource, schema, job.name())) {
            store.ensure(c);
            Optional<RunRecord> interrupted = interrupted(c, job, true);
            Optional<RunRecord> from = resumeFrom(run, interrupted);
            long[] id = new long[1];
            Transactions.run(c, tx -> {
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
                parameters.put("definition", run.work().definition());
                parameters.put("settings", run.settings().asMap());
                id[0] = store.start(tx, job.name(), RunStore.json(parameters), startedBy());
            });
            return new BatchRun(dataSource, store, events, c, run, lock, id[0], from).run();
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

    /** Settings of {@link Backfills}. */
    public static final class Builder {
        private DataSource dataSource;
        private String schema = "public";
        private Path projectDir = Path.of(".");
        private final Map<String, JobDefinition> jobs = new LinkedHashMap<>();
        private final List<BackfillListener> listeners = new ArrayList<>();
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

        /** Tells {@code listener} what every run does (see {@link io.ferry.backfill.event.BackfillEvent}). */
        public Builder listener(BackfillListener listener) {
            listeners.add(listener);
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
