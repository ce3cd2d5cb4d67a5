package io.ferry.migration.history.flyway;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.history.History;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.history.HistoryStore;
import io.ferry.migration.history.NewHistoryEntry;
import io.ferry.migration.jdbc.Transactions;
import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.source.flyway.FlywayFileName;
import io.ferry.migration.source.flyway.FlywayMigration;
import io.ferry.migration.source.flyway.FlywayProject;
import io.ferry.migration.source.flyway.FlywayVersion;
import io.ferry.migration.spi.Event;
import io.ferry.migration.sql.Quote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history of a Flyway project: {@code flyway_schema_history} decides what is applied, written exactly
 * as Flyway 13 writes it so that Flyway can take over again at any time; {@code ferry_history} beside it
 * keeps Ferry's own log (failures with their progress, undos). Runs take Flyway's advisory lock as well as
 * Ferry's, so Ferry and Flyway never migrate the same database at once.
 *
 * <p>An undo (a downgrade through {@code U} files) deletes the undone version's rows from
 * {@code flyway_schema_history}, which leaves the table as Flyway expects after a version is gone: the
 * version is pending again, and {@code migrate} (Ferry's or Flyway's) applies it anew. The undo itself is
 * recorded in {@code ferry_history}. Ferry never writes a row type Flyway's community edition does not know.
 */
public final class FlywayProjectHistory implements History {

    private static final String REPEATABLE_PREFIX = "R__";

    /** The commands that raise callback events; a command splits the SQL callbacks of its own events only. */
    private enum Command { MIGRATE, UNDO, INFO, VALIDATE, BASELINE, REPAIR, CLEAN }

    private final FlywayHistory table;
    private final FlywayProject project;
    private final HistoryStore log;
    private final String schema;
    private final Map<String, FlywayMigration> byRevision = new HashMap<>();
    private final boolean outOfOrder;
    private final List<io.ferry.migration.spi.Callback> javaCallbacks;

    /**
     * @param outOfOrder    also apply versions lower than the newest applied one that were never applied, as
     *                      Flyway's {@code outOfOrder} does (otherwise they are ignored)
     * @param javaCallbacks Java callbacks, run after the SQL callbacks of each event
     */
    public FlywayProjectHistory(String schema, String tableName, FlywayProject project, boolean outOfOrder,
                                List<io.ferry.migration.spi.Callback> javaCallbacks) {
        this.schema = schema;
        this.outOfOrder = outOfOrder;
        this.javaCallbacks = List.copyOf(javaCallbacks);
        this.table = new FlywayHistory(schema, tableName);
        this.project = project;
        this.log = HistoryStore.logOnly(schema);
        for (FlywayMigration m : project.versioned()) {
            byRevision.put(m.name().version().orElseThrow().revisionId(), m);
        }
        for (FlywayMigration m : project.repeatables()) {
            byRevision.put(repeatableId(m), m);
        }
    }

    /** The id under which a repeatable migration's runs are logged in {@code ferry_history}. */
    static String repeatableId(FlywayMigration m) {
        String id = REPEATABLE_PREFIX + m.name().description().replaceAll("[^A-Za-z0-9_]", "_");
        return id.length() > Revision.MAX_ID_LENGTH ? id.substring(0, Revision.MAX_ID_LENGTH) : id;
    }

    public FlywayHistory table() {
        return table;
    }

    @Override
    public String describe() {
        return table.qualifiedName();
    }

    @Override
    public List<Long> lockKeys() {
        return List.of(MigrationLock.key(schema), table.flywayLockKey());
    }

    @Override
    public boolean exists(Connection c) throws SQLException {
        return table.exists(c);
    }

    @Override
    public void ensure(Connection c) throws SQLException {
        if (!table.exists(c)) {
            Transactions.run(c, tx -> {
                try (Statement s = tx.createStatement()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(schema));
                    for (String ddl : table.createSql()) {
                        s.execute(ddl);
                    }
                }
            });
        }
        log.ensure(c);
    }

    /**
     * The head: the newest version file at or below the highest version applied (a baseline included).
     * Versions below it that were never applied stay ignored, as Flyway ignores them.
     */
    @Override
    public List<String> heads(Connection c) throws SQLException {
        Optional<FlywayVersion> applied = table.rows(c).stream().filter(FlywayHistoryRow::success)
                .flatMap(r -> r.version().stream()).max(FlywayVersion::compareTo);
        if (applied.isEmpty()) {
            return List.of();
        }
        String head = null;
        for (FlywayMigration m : project.versioned()) {
            FlywayVersion v = m.name().version().orElseThrow();
            if (v.compareTo(applied.get()) <= 0) {
                head = v.revisionId();
            }
        }
        return head == null ? List.of() : List.of(head);
    }

    /** The versions applied successfully (a baseline aside), as revision ids. */
    @Override
    public java.util.Set<String> applied(Connection c) throws SQLException {
        java.util.Set<String> applied = new java.util.TreeSet<>();
        for (FlywayHistoryRow row : table.rows(c)) {
            if (row.success() && !row.isBaseline()) {
                row.version().ifPresent(v -> applied.add(revisionIdOf(v)));
            }
        }
        return applied;
    }

    /** The id of the file with this version (1.0 and 1 are one version), or the version's own id. */
    private String revisionIdOf(FlywayVersion v) {
        return project.versioned().stream().map(m -> m.name().version().orElseThrow()).filter(v::equals).findFirst()
                .orElse(v).revisionId();
    }

    @Override
    public Map<String, String> appliedChecksums(Connection c) throws SQLException {
        Map<FlywayVersion, String> byVersion = new HashMap<>();
        for (FlywayHistoryRow row : table.rows(c)) {
            if (row.success() && row.version().isPresent() && row.checksum().isPresent() && !row.isBaseline()) {
                byVersion.put(row.version().get(), Integer.toString(row.checksum().get()));
            }
        }
        Map<String, String> checksums = new HashMap<>();
        for (FlywayMigration m : project.versioned()) {
            FlywayVersion v = m.name().version().orElseThrow();
            if (byVersion.containsKey(v)) {
                checksums.put(v.revisionId(), byVersion.get(v));
            }
        }
        return checksums;
    }

    /**
     * Adds the repeatable migrations to an upgrade that reaches the newest version: those never applied
     * and those whose checksum changed since, in description order, as Flyway runs them.
     */
    @Override
    public Plan complete(Connection c, Plan plan) throws SQLException {
        if (plan.direction() != Direction.UPGRADE) {
            return plan;
        }
        List<FlywayHistoryRow> rows = table.rows(c);
        List<String> headsAfter = plan.headsAfter();
        List<PlannedStep> steps = new ArrayList<>();
        if (outOfOrder) {
            steps.addAll(skippedVersions(rows, plan.headsBefore()));
        }
        steps.addAll(plan.steps());
        String newest = project.versioned().isEmpty() ? null
                : project.versioned().get(project.versioned().size() - 1).name().version().orElseThrow().revisionId();
        if (newest == null || headsAfter.contains(newest)) {
            steps.addAll(changedRepeatables(rows, headsAfter));
        }
        return new Plan(plan.direction(), plan.target(), plan.headsBefore(), steps);
    }

    /** Versions below the newest applied one that never ran (and are not below a baseline). */
    private List<PlannedStep> skippedVersions(List<FlywayHistoryRow> rows, List<String> heads) {
        java.util.Set<FlywayVersion> applied = new java.util.HashSet<>();
        FlywayVersion baseline = null;
        for (FlywayHistoryRow row : rows) {
            if (row.success() && row.version().isPresent()) {
                applied.add(row.version().get());
                if (row.isBaseline()) {
                    baseline = row.version().get();
                }
            }
        }
        Optional<FlywayVersion> highest = applied.stream().max(FlywayVersion::compareTo);
        List<PlannedStep> steps = new ArrayList<>();
        for (FlywayMigration m : project.versioned()) {
            FlywayVersion v = m.name().version().orElseThrow();
            boolean skipped = highest.isPresent() && v.compareTo(highest.get()) < 0 && !applied.contains(v)
                    && (baseline == null || v.compareTo(baseline) > 0);
            if (skipped) {
                Revision r = Revision.builder(v.revisionId()).message(m.name().description()).up(m.body())
                        .transactional(m.transactional()).checksum(m.checksumText())
                        .origin(m.file().toString()).build();
                steps.add(new PlannedStep(r, Direction.UPGRADE, m.body(), heads, heads));
            }
        }
        return steps;
    }

    /** Repeatables never applied, or whose checksum changed since, in description order. */
    private List<PlannedStep> changedRepeatables(List<FlywayHistoryRow> rows, List<String> heads) {
        Map<String, Integer> latest = new HashMap<>();
        for (FlywayHistoryRow row : rows) {
            if (row.version().isEmpty() && row.success()) {
                latest.put(row.description(), row.checksum().orElse(null));
            }
        }
        List<PlannedStep> steps = new ArrayList<>();
        for (FlywayMigration m : project.repeatables()) {
            Integer applied = latest.get(m.name().description());
            if (!latest.containsKey(m.name().description()) || !java.util.Objects.equals(applied, m.checksum())) {
                Revision r = Revision.builder(repeatableId(m)).message(m.name().description()).up(m.body())
                        .transactional(m.transactional()).checksum(m.checksumText())
                        .origin(m.file().toString()).build();
                steps.add(new PlannedStep(r, Direction.UPGRADE, m.body(), heads, heads));
            }
        }
        return steps;
    }

    // ---------------------------------------------------------------- SQL callbacks of migrate

    /** afterVersioned comes once per migrate: after the last versioned step, or at once when none runs. */
    @Override
    public void beforeRun(Connection c, Plan plan) throws SQLException {
        if (plan.direction() == Direction.UPGRADE) {
            callbacks(c, Event.BEFORE_MIGRATE);
            if (plan.steps().stream().noneMatch(step -> migration(step).name().version().isPresent())) {
                callbacks(c, Event.AFTER_VERSIONED);
            }
        } else {
            callbacks(c, Event.BEFORE_UNDO);
        }
    }

    @Override
    public void beforeStep(Connection c, PlannedStep step) throws SQLException {
        callbacks(c, step.direction() == Direction.UPGRADE ? Event.BEFORE_EACH_MIGRATE : Event.BEFORE_EACH_UNDO);
    }

    @Override
    public void afterStep(Connection c, PlannedStep step, List<PlannedStep> remaining) throws SQLException {
        if (step.direction() != Direction.UPGRADE) {
            callbacks(c, Event.AFTER_EACH_UNDO);
            return;
        }
        callbacks(c, Event.AFTER_EACH_MIGRATE);
        boolean versioned = migration(step).name().version().isPresent();
        if (versioned && remaining.stream().noneMatch(r -> migration(r).name().version().isPresent())) {
            callbacks(c, Event.AFTER_VERSIONED);
        }
    }

    @Override
    public void afterStepError(Connection c, PlannedStep step) throws SQLException {
        callbacks(c, step.direction() == Direction.UPGRADE ? Event.AFTER_EACH_MIGRATE_ERROR
                : Event.AFTER_EACH_UNDO_ERROR);
    }

    @Override
    public void afterRun(Connection c, Plan plan, boolean success, int applied) throws SQLException {
        if (plan.direction() != Direction.UPGRADE) {
            callbacks(c, success ? Event.AFTER_UNDO : Event.AFTER_UNDO_ERROR);
            return;
        }
        if (!success) {
            callbacks(c, Event.AFTER_MIGRATE_ERROR);
            return;
        }
        if (applied > 0) {
            callbacks(c, Event.AFTER_MIGRATE_APPLIED);
        }
        callbacks(c, Event.AFTER_MIGRATE);
    }

    @Override
    public void splitCallbacks(Direction direction) {
        splitCallbacksOf(direction == Direction.UPGRADE ? Command.MIGRATE : Command.UNDO);
    }

    /**
     * Splits the SQL callbacks of every event of one command, so that a malformed one stops the command
     * before its first callback runs; other commands' callbacks stay unsplit, and so do the callbacks of the
     * events Flyway knows and Ferry never raises, which never run.
     */
    private void splitCallbacksOf(Command command) {
        for (FlywayMigration callback : project.callbacks()) {
            if (eventOf(callback).map(FlywayProjectHistory::commandOf).orElse(null) == command) {
                ((SqlBody) callback.body()).statements();
            }
        }
    }

    /** The command that raises an event ({@code afterVersioned}: migrate). */
    private static Command commandOf(Event event) {
        return switch (event) {
            case BEFORE_MIGRATE, BEFORE_EACH_MIGRATE, AFTER_EACH_MIGRATE, AFTER_EACH_MIGRATE_ERROR, AFTER_VERSIONED,
                    AFTER_MIGRATE_APPLIED, AFTER_MIGRATE, AFTER_MIGRATE_ERROR -> Command.MIGRATE;
            case BEFORE_UNDO, BEFORE_EACH_UNDO, AFTER_EACH_UNDO, AFTER_EACH_UNDO_ERROR, AFTER_UNDO, AFTER_UNDO_ERROR ->
                    Command.UNDO;
            case BEFORE_CLEAN, AFTER_CLEAN, AFTER_CLEAN_ERROR -> Command.CLEAN;
            case BEFORE_INFO, AFTER_INFO, AFTER_INFO_ERROR -> Command.INFO;
            case BEFORE_BASELINE, AFTER_BASELINE, AFTER_BASELINE_ERROR -> Command.BASELINE;
            case BEFORE_REPAIR, AFTER_REPAIR, AFTER_REPAIR_ERROR -> Command.REPAIR;
            case BEFORE_VALIDATE, AFTER_VALIDATE, AFTER_VALIDATE_ERROR -> Command.VALIDATE;
        };
    }

    /** Runs the SQL callbacks of one event, in file-name order, then the Java callbacks that handle it. */
    @Override
    public void callbacks(Connection c, Event event) throws SQLException {
        splitCallbacksOf(commandOf(event));
        List<FlywayMigration> matching = project.callbacks().stream()
                .filter(cb -> eventOf(cb).orElse(null) == event)
                .sorted(java.util.Comparator.comparing(FlywayMigration::script)).toList();
        for (FlywayMigration callback : matching) {
            try (Statement s = c.createStatement()) {
                s.setEscapeProcessing(false);
                for (var statement : ((SqlBody) callback.body()).statements()) {
                    s.execute(statement.sql());
                }
            } catch (SQLException e) {
                throw new SQLException("callback " + callback.script() + " failed: " + e.getMessage(), e.getSQLState(), e);
            }
        }
        io.ferry.migration.spi.Context context = () -> c;
        for (io.ferry.migration.spi.Callback callback : javaCallbacks) {
            try {
                if (callback.supports(event, context)) {
                    callback.handle(event, context);
                }
            } catch (SQLException e) {
                throw e;
            } catch (Exception e) {
                throw new SQLException("callback " + callback.getCallbackName() + " failed at " + event.getId()
                        + ": " + e, "F0003", e);
            }
        }
    }

    /** The event a callback file is named after; empty for the events Ferry never raises. */
    private static Optional<Event> eventOf(FlywayMigration callback) {
        return FlywayFileName.callbackEvent(callback.file().getFileName().toString()).flatMap(Event::fromId);
    }

    @Override
    public void recordStep(Connection c, PlannedStep step, NewHistoryEntry entry) throws SQLException {
        FlywayMigration m = migration(step);
        if (step.direction() == Direction.UPGRADE) {
            // Flyway's row and Ferry's log row in one round trip.
            try (PreparedStatement ps = c.prepareStatement("WITH flyway_row AS ("
                    + insertSql("?", "?", "?", "?", "?", "?", "?") + ") " + log.insertSql())) {
                bindFlywayRow(ps, m, entry.durationMs(), true);
                log.bind(ps, 8, entry);
                ps.executeUpdate();
            }
            return;
        }
        FlywayVersion undone = m.name().version().orElseThrow();
        List<Integer> ranks = table.rows(c).stream()
                .filter(r -> r.version().map(undone::equals).orElse(false)).map(FlywayHistoryRow::installedRank)
                .toList();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table.qualifiedName()
                + " WHERE installed_rank = ?")) {
            for (int rank : ranks) {
                ps.setInt(1, rank);
                ps.executeUpdate();
            }
        }
        log.record(c, entry);
    }

    /**
     * A failure is logged in {@code ferry_history}; a migration that ran outside a transaction and failed
     * half-way also gets Flyway's failed row, so that Flyway too sees it needs repair.
     */
    @Override
    public void recordFailure(Connection c, PlannedStep step, NewHistoryEntry entry) throws SQLException {
        if (step.direction() == Direction.UPGRADE && !step.transactional() && entry.statementsDone().orElse(0) > 0) {
            insert(c, migration(step), entry.durationMs(), false);
        }
        log.record(c, entry);
    }

    private void insert(Connection c, FlywayMigration m, long durationMs, boolean success) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertSql("?", "?", "?", "?", "?", "?", "?"))) {
            bindFlywayRow(ps, m, durationMs, success);
            ps.executeUpdate();
        }
    }

    private static void bindFlywayRow(PreparedStatement ps, FlywayMigration m, long durationMs, boolean success)
            throws SQLException {
        ps.setString(1, m.name().version().map(FlywayVersion::text).orElse(null));
        ps.setString(2, m.name().description());
        ps.setString(3, m.type());
        ps.setString(4, m.script());
        ps.setObject(5, m.checksum(), java.sql.Types.INTEGER);
        ps.setInt(6, (int) Math.min(Integer.MAX_VALUE, durationMs));
        ps.setBoolean(7, success);
    }

    private String insertSql(String version, String description, String type, String script, String checksum,
                             String executionTime, String success) {
        String t = table.qualifiedName();
        return "INSERT INTO " + t + " (installed_rank, version, description, type, script, checksum, installed_by,"
                + " execution_time, success) VALUES ((SELECT coalesce(max(installed_rank), 0) + 1 FROM " + t + "), "
                + version + ", " + description + ", " + type + ", " + script + ", " + checksum + ", current_user, "
                + executionTime + ", " + success + ")";
    }

    private FlywayMigration migration(PlannedStep step) {
        FlywayMigration m = byRevision.get(step.revision().id());
        if (m == null) {
            throw new IllegalStateException("no Flyway migration for revision " + step.revision().id());
        }
        return m;
    }

    @Override
    public void stamp(Connection c, List<String> before, List<String> after, List<Revision> stamped, Instant at) {
        throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION,
                "stamp records revisions in ferry_version, which a Flyway project does not use",
                Remedy.of("for a Flyway project, record an existing schema with: ",
                        MigrationRemedy.BASELINE.with("V")));
    }

    @Override
    public Optional<HistoryEntry> latest(Connection c, String revision) throws SQLException {
        return log.latest(c, revision);
    }

    @Override
    public List<HistoryEntry> entries(Connection c) throws SQLException {
        return log.entries(c);
    }

    @Override
    public Optional<HistoryEntry> lastFailure(Connection c) throws SQLException {
        return log.lastFailure(c);
    }

    @Override
    public List<String> offlineSetup(Connection c) throws SQLException {
        List<String> sql = new ArrayList<>();
        if (!table.exists(c)) {
            sql.add("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(schema));
            sql.addAll(table.createSql());
        }
        sql.addAll(log.offlineSetup(c));
        return sql;
    }

    @Override
    public List<String> offlineRecord(PlannedStep step, Integer statements) {
        FlywayMigration m = migration(step);
        List<String> sql = new ArrayList<>();
        if (step.direction() == Direction.UPGRADE) {
            sql.add(insertSql(Quote.literal(m.name().version().map(FlywayVersion::text).orElse(null)),
                    Quote.literal(m.name().description()), Quote.literal(m.type()), Quote.literal(m.script()),
                    m.checksum() == null ? "NULL" : m.checksumText(), "0", "true"));
        } else {
            sql.add("DELETE FROM " + table.qualifiedName() + " WHERE version = "
                    + Quote.literal(m.name().version().orElseThrow().text()));
        }
        sql.addAll(log.offlineRecord(step, statements));
        return sql;
    }
}
