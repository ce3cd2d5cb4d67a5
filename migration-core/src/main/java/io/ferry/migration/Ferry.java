package io.ferry.migration;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.LockHolder;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.event.EventPublisher;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.exec.ExecutionSettings;
import io.ferry.migration.exec.Executor;
import io.ferry.migration.exec.StatementFailures;
import io.ferry.migration.exec.OfflineScript;
import io.ferry.migration.exec.RunHooks;
import io.ferry.migration.exec.RunOutcome;
import io.ferry.migration.exec.StepResult;
import io.ferry.migration.flyway.FlywayOperations;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.graph.Target;
import io.ferry.migration.history.History;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.history.flyway.FlywayProjectHistory;
import io.ferry.migration.internal.Lazy;
import io.ferry.migration.jdbc.FreshConnection;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.jdbc.Transactions;
import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.plan.PlanCompletion;
import io.ferry.migration.plan.Planner;
import io.ferry.migration.safety.DataLossGuard;
import io.ferry.migration.safety.DataLossReport;
import io.ferry.migration.source.flyway.FlywayProject;
import io.ferry.migration.source.flyway.FlywayTargets;
import io.ferry.migration.spi.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The entry point: one project's migrations and one database.
 *
 * <pre>
 * Ferry ferry = Ferry.configure().dataSource(ds).locations(Path.of("migrations")).load();
 * MigrationResult result = ferry.upgrade("head");
 * </pre>
 *
 * Every method that changes the database takes the migration lock first, so any number of processes
 * may call {@code upgrade} at once: one applies, the others find nothing left to do. Read-only
 * methods never create or change anything.
 */
public final class Ferry {

    private final DataSource dataSource;
    private final Lazy<RevisionGraph> graph;
    private final History history;
    private final RunHooks hooks;
    private final PlanCompletion completion;
    private final Duration lockWait;
    private final ExecutionSettings settings;
    private final EventPublisher events;
    private final FlywayProject flywayProject;
    /** Where a run records a failure when its own connection died: a session of its own, within the connect timeout. */
    private final FreshConnection reconnect;
    /** Whether a run may lose data the database holds (see {@link FerryConfiguration#allowDataLoss}). */
    private final boolean allowDataLoss;

    Ferry(DataSource dataSource, Lazy<RevisionGraph> graph, History history, RunHooks hooks, PlanCompletion completion,
          FlywayProject flywayProject, Duration lockWait, ExecutionSettings settings, EventPublisher events,
          FreshConnection reconnect, boolean allowDataLoss) {
        this.dataSource = dataSource;
        this.graph = graph;
        this.history = history;
        this.hooks = hooks;
        this.completion = completion;
        this.flywayProject = flywayProject;
        this.lockWait = lockWait;
        this.settings = settings;
        this.events = events;
        this.reconnect = reconnect;
        this.allowDataLoss = allowDataLoss;
    }

    public static FerryConfiguration configure() {
        return new FerryConfiguration();
    }

    /** True for a project read in Flyway's format, whose history is {@code flyway_schema_history}. */
    public boolean isFlywayProject() {
        return flywayProject != null;
    }

    /**
     * Flyway's own commands (info, baseline, repair, clean), for Flyway projects.
     *
     * @throws FerryException when this is not a Flyway project
     */
    public FlywayOperations flyway() {
        if (flywayProject == null) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION,
                    "this is a native Ferry project, and the command is for Flyway projects",
                    Remedy.of("read the migrations as a Flyway project with ", MigrationRemedy.FLYWAY_FORMAT,
                            ", or use the revision commands"));
        }
        return new FlywayOperations(dataSource, (FlywayProjectHistory) history, hooks, flywayProject, lockWait,
                events);
    }

    /** The database this instance works on, for tools built on the core. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The listeners this instance publishes to, for tools built on the core. */
    public EventPublisher events() {
        return events;
    }

    /**
     * The revisions of the project. A Flyway project's chain is built on the first call (Flyway's own
     * commands, such as info, never need it); a native project's graph was built and checked by
     * {@link FerryConfiguration#load()}.
     */
    public RevisionGraph graph() {
        return graph.get();
    }

    // ---------------------------------------------------------------- changing the database

    /**
     * Applies every revision {@code target} needs that is not applied yet (see the target grammar). For a
     * Flyway project, a target may also be a version ({@code 1.2}), as Flyway's own targets are.
     */
    public MigrationResult upgrade(String target) {
        return migrate(Direction.UPGRADE, target);
    }

    /** Reverts every applied revision after {@code target} (for a Flyway project, maybe a version). */
    public MigrationResult downgrade(String target) {
        return migrate(Direction.DOWNGRADE, target);
    }

    private MigrationResult migrate(Direction direction, String target) {
        String to = revisionTarget(target);
        Target.parse(to);
        Instant start = Instant.now();
        events.publish(new MigrationEvent.RunStarted(start, direction, target));
        boolean success = false;
        List<StepResult> results = List.of();
        List<String> headsNow = List.of();
        try (MigrationLock lock = MigrationLock.acquire(dataSource, history.lockKeys(), lockWait, events)) {
            try (Session session = Session.openForWork(dataSource)) {
                Connection c = session.connection();
                List<String> current = read(c, "reading the history in " + history.describe(), history::heads);
                headsNow = current;
                read(c, "reading the history in " + history.describe(), x -> {
                    refuseUnknownHeads(x, current);
                    return null;
                });
                Planner planner = new Planner(graph());
                Plan plan = read(c, "reading the history in " + history.describe(), x -> completion.complete(x,
                        direction == Direction.UPGRADE ? planner.upgrade(current, to)
                                : planner.downgrade(current, to)));
                // The files were read without splitting them: split what this run will execute, before any of it.
                plan.splitStatements();
                hooks.splitCallbacks(direction);
                read(c, "reading the history in " + history.describe(), x -> {
                    verifyChecksums(x, current);
                    return null;
                });
                // Before anything runs: what would the plan lose of the data the database holds now?
                DataLossReport loss = read(c, "counting what the run would lose", x -> new DataLossGuard(x).measure(plan));
                if (loss.losesData() && !allowDataLoss) {
                    throw loss.refusal(direction, target);
                }
                if (!plan.isEmpty()) {
                    ensureHistory(c);
                }
                read(c, "running the callbacks before the run", x -> {
                    hooks.beforeRun(x, plan);
                    return null;
                });
                RunOutcome outcome = new Executor(c, reconnect, history, hooks, settings, events, guard(lock))
                        .sampleBlockersFrom(dataSource).recordingDataLoss(loss).run(plan);
                results = outcome.steps();
                int applied = results.size();
                if (outcome.failure().isPresent()) {
                    RuntimeException failure = outcome.failure().get();
                    try {
                        hooks.afterRun(c, plan, false, applied);
                    } catch (SQLException | RuntimeException callbackFailed) {
                        failure.addSuppressed(callbackFailed);
                    }
                    try {
                        headsNow = history.heads(c);
                    } catch (SQLException | RuntimeException unreadable) {
                        failure.addSuppressed(unreadable);
                    }
                    throw failure;
                }
                read(c, "running the callbacks after the run", x -> {
                    hooks.afterRun(x, plan, true, applied);
                    return null;
                });
                success = true;
                headsNow = plan.headsAfter();
                return new MigrationResult(direction, target, current, plan.headsAfter(), results,
                        Duration.between(start, Instant.now()));
            }
        } finally {
            events.publish(new MigrationEvent.RunFinished(Instant.now(), success, results.size(), headsNow,
                    Duration.between(start, Instant.now())));
        }
    }

    /**
     * Records that the database is at {@code revisions} without running anything: after changes made by
     * hand, or to adopt an existing database. Heads on branches unrelated to the given revisions stay;
     * with {@code purge}, {@code ferry_version} is emptied first (needed when it holds revisions the files
     * no longer define). {@code base} empties it. {@code ferry_history} gets a row for every head the stamp
     * removes and for every revision it records, so the log accounts for each change of the heads.
     */
    public MigrationResult stamp(List<String> revisions, boolean purge) {
        if (revisions.isEmpty()) {
            throw new FerryException(MigrationErrorCode.INVALID_TARGET, "stamp needs at least one revision",
                    "name the revisions the database is at, or base");
        }
        revisions.forEach(Target::parse);
        Instant start = Instant.now();
        try (MigrationLock lock = MigrationLock.acquire(dataSource, history.lockKeys(), lockWait, events)) {
            try (Session session = Session.openForWork(dataSource)) {
                Connection c = session.connection();
                List<String> current = history.heads(c);
                RevisionGraph graph = graph();
                List<String> unknown = current.stream().filter(id -> graph.find(id).isEmpty()).toList();
                if (!purge && !unknown.isEmpty()) {
                    throw new FerryException(MigrationErrorCode.UNKNOWN_APPLIED_REVISION,
                            "the database is at " + String.join(", ", unknown) + ", which no migration file defines",
                            Remedy.of("stamp with ", MigrationRemedy.PURGE, " to replace what ferry_version holds"));
                }
                List<String> known = purge ? List.of() : current;
                RevisionGraph.Stamp stamp = graph.stamp(known, revisions);
                List<Revision> heads = stamp.heads();
                List<Revision> stamped = stamp.stamped();
                List<String> after = heads.stream().map(Revision::id).toList();
                // A head the stamp replaces by a revision above it stays applied: only the others are unstamped.
                Set<Revision> stillApplied = graph.ancestors(heads);
                List<String> removed = current.stream().filter(id -> !after.contains(id))
                        .filter(id -> graph.find(id).map(r -> !stillApplied.contains(r)).orElse(true)).toList();
                ensureHistory(c);
                try {
                    Transactions.run(c, tx -> history.stamp(tx, current, after, removed, stamped, start));
                } catch (SQLException e) {
                    throw StatementFailures.ofFerryTables(c, "stamping " + history.describe(), e);
                }
                Direction direction = !heads.isEmpty()
                        && graph.ancestors(heads).containsAll(known.stream().map(graph::get).toList())
                        ? Direction.UPGRADE : Direction.DOWNGRADE;
                return new MigrationResult(direction, String.join(" ", revisions), current, after, List.of(),
                        Duration.between(start, Instant.now()));
            } catch (SQLException e) {
                throw SqlErrors.translate("stamping " + history.describe(), e);
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /** The heads the database is at (empty at base, or before Ferry has run). */
    public List<String> current() {
        return read(c -> history.heads(c));
    }

    /** Every row of {@code ferry_history}, oldest first. */
    public List<HistoryEntry> history() {
        return read(history::entries);
    }

    /**
     * What {@code upgrade(target)} would do now, its statements split: malformed SQL in a step fails here
     * as it would fail the upgrade.
     */
    public Plan planUpgrade(String target) {
        return read(c -> upgradePlan(c, target));
    }

    /** What {@code downgrade(target)} would do now, its statements split. */
    public Plan planDowngrade(String target) {
        return read(c -> downgradePlan(c, target));
    }

    /**
     * What running {@code plan} would lose of the data the database holds now: each statement that drops, empties
     * or converts data, with its count (see {@link DataLossGuard}). For dry runs and offline scripts; an upgrade or
     * downgrade measures the same before it runs, and refuses when anything would be lost unless
     * {@link FerryConfiguration#allowDataLoss} allows it.
     */
    public DataLossReport dataLoss(Plan plan) {
        return read(c -> new DataLossGuard(c).measure(plan));
    }

    /**
     * The SQL script that runs {@code plan}, one of {@link #planUpgrade} or {@link #planDowngrade}: for a caller
     * that shows the plan's data-loss report too, so that the plan is made and its statements split once.
     */
    public String sqlScript(Plan plan) {
        return read(c -> OfflineScript.render(plan, history, history.offlineSetup(c), settings));
    }

    /** The executor's view of the migration lock. */
    private static Executor.LockGuard guard(MigrationLock lock) {
        return new Executor.LockGuard() {
            @Override
            public void verifyHeld(String before) {
                lock.verifyHeld(before);
            }

            @Override
            public Optional<String> heldCondition() {
                return lock.heldCondition();
            }

            @Override
            public RuntimeException lost(String what) {
                return lock.lost(what);
            }
        };
    }

    /** The SQL script {@code upgrade(target)} would run, for a DBA to review and run with psql. */
    public String upgradeSql(String target) {
        return sqlScript(planUpgrade(target));
    }

    /** The SQL script {@code downgrade(target)} would run. */
    public String downgradeSql(String target) {
        return sqlScript(planDowngrade(target));
    }

    private Plan upgradePlan(Connection c, String target) throws SQLException {
        List<String> current = history.heads(c);
        refuseUnknownHeads(c, current);
        return completion.complete(c, new Planner(graph()).upgrade(current, revisionTarget(target)))
                .splitStatements();
    }

    private Plan downgradePlan(Connection c, String target) throws SQLException {
        List<String> current = history.heads(c);
        refuseUnknownHeads(c, current);
        return new Planner(graph()).downgrade(current, revisionTarget(target)).splitStatements();
    }

    /** The target in the graph's terms: a Flyway project's version ({@code 1.2}) becomes its revision. */
    private String revisionTarget(String target) {
        return flywayProject == null || target == null ? target : FlywayTargets.toRevision(graph(), target);
    }

    /** Compares every applied revision with its file: edited files and missing files. */
    public ValidationResult validate() {
        return read(c -> {
            hooks.callbacks(c, Event.BEFORE_VALIDATE);
            ValidationResult result;
            try {
                result = validate(c);
            } catch (SQLException | RuntimeException e) {
                try {
                    hooks.callbacks(c, Event.AFTER_VALIDATE_ERROR);
                } catch (SQLException | RuntimeException callbackFailed) {
                    e.addSuppressed(callbackFailed);
                }
                throw e;
            }
            hooks.callbacks(c, result.valid() ? Event.AFTER_VALIDATE : Event.AFTER_VALIDATE_ERROR);
            return result;
        });
    }

    /** Current and target heads, pending revisions, the last failure and the lock holder. */
    public Status status() {
        return read(c -> {
            boolean initialised = history.exists(c);
            List<String> current = history.heads(c);
            RevisionGraph graph = graph();
            Optional<UnknownRevisions> unknown = unknownRevisions(c, current);
            List<String> applied = unknown.map(UnknownRevisions::knownTips).orElse(current);
            List<String> pending = graph.upgradePath(applied, "heads").stream().map(s -> s.revision().id()).toList();
            Optional<HistoryEntry> failure = history.lastFailure(c);
            Optional<LockHolder> holder = MigrationLock.holder(c, history.lockKeys());
            return new Status(initialised, current, graph.heads().stream().map(Revision::id).toList(), pending,
                    unknown, failure, holder);
        });
    }

    /**
     * The current heads that no migration file defines, placed against the files as well as the history
     * allows (ahead of them, on another branch of them, or not placed); empty when the files define every
     * head.
     */
    public Optional<UnknownRevisions> unknownRevisions() {
        return read(c -> unknownRevisions(c, history.heads(c)));
    }

    private Optional<UnknownRevisions> unknownRevisions(Connection c, List<String> current) throws SQLException {
        RevisionGraph graph = graph();
        if (current.stream().allMatch(id -> graph.find(id).isPresent())) {
            return Optional.empty();
        }
        return UnknownRevisions.of(graph, current, history.applied(c));
    }

    /** Stops a run, or its plan, that would start from heads no file defines, saying where they sit. */
    private void refuseUnknownHeads(Connection c, List<String> current) throws SQLException {
        Optional<UnknownRevisions> unknown = unknownRevisions(c, current);
        if (unknown.isPresent()) {
            throw unknown.get().exception();
        }
    }

    private ValidationResult validate(Connection c) throws SQLException {
        Map<String, String> recorded = history.appliedChecksums(c);
        RevisionGraph graph = graph();
        List<String> missing = history.applied(c).stream().filter(id -> graph.find(id).isEmpty()).sorted().toList();
        List<Revision> known = history.heads(c).stream().flatMap(id -> graph.find(id).stream()).toList();
        return new ValidationResult(mismatches(recorded, known), missing);
    }

    /** Stops a run before anything executes when an applied file was edited. */
    private void verifyChecksums(Connection c, Collection<String> current) throws SQLException {
        List<ChecksumMismatch> mismatches = mismatches(history.appliedChecksums(c),
                current.stream().map(graph()::get).toList());
        if (!mismatches.isEmpty()) {
            throw new FerryException(MigrationErrorCode.CHECKSUM_MISMATCH,
                    (mismatches.size() == 1 ? "an applied migration was edited: "
                            : mismatches.size() + " applied migrations were edited: ")
                            + String.join("; ", mismatches.stream().map(ChecksumMismatch::describe).toList()),
                    "restore the applied version of the file and put the change in a new revision; nothing was run");
        }
    }

    /** Applied revisions (the heads and everything before them) whose recorded checksum differs. */
    private List<ChecksumMismatch> mismatches(Map<String, String> recorded, List<Revision> heads) {
        List<ChecksumMismatch> mismatches = new ArrayList<>();
        RevisionGraph graph = graph();
        for (Revision r : graph.sorted(graph.ancestors(heads))) {
            String was = recorded.get(r.id());
            if (was != null && !was.equals(r.checksum())) {
                mismatches.add(new ChecksumMismatch(r.id(), r.origin(), was, r.checksum()));
            }
        }
        return mismatches;
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Creates or upgrades the history tables; a refusal (no privilege to create them, a read-only database)
     * says how to get past it.
     */
    private void ensureHistory(Connection c) {
        try {
            history.ensure(c);
        } catch (SQLException e) {
            throw StatementFailures.ofFerryTables(c, "creating the history tables " + history.describe(), e);
        }
    }

    private static <T> T read(Connection c, String doing, Read<T> reader) {
        try {
            return reader.apply(c);
        } catch (SQLException e) {
            throw StatementFailures.ofFerryQuery(c, doing, e);
        }
    }

    private <T> T read(Read<T> reader) {
        try (Session session = Session.open(dataSource)) {
            return reader.apply(session.connection());
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the history in " + history.describe(), e);
        }
    }
}
