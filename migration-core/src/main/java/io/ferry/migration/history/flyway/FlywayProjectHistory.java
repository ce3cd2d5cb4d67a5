package io.ferry.migration.history.flyway;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.history.History;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.history.HistoryStore;
import io.ferry.migration.history.NewHistoryEntry;
import io.ferry.migration.jdbc.Transactions;
import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.source.flyway.FlywayMigration;
import io.ferry.migration.source.flyway.FlywayProject;
import io.ferry.migration.source.flyway.FlywayVersion;
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
 *
 * <p>The project's other Flyway behaviours have classes of their own: the repeatable and skipped migrations
 * an upgrade adds ({@link FlywayPlanCompletion}), and the callbacks
 * ({@link io.ferry.migration.flyway.FlywayCallbacks}).
 */
public final class FlywayProjectHistory implements History {

    private final FlywayHistory table;
    private final FlywayProject project;
    private final HistoryStore log;
    private final String schema;
    private final MigrationsByRevision migrations;

    public FlywayProjectHistory(String schema, String tableName, FlywayProject project) {
        this.schema = schema;
        this.table = new FlywayHistory(schema, tableName);
        this.project = project;
        this.log = HistoryStore.logOnly(schema);
        this.migrations = new MigrationsByRevision(project);
    }

    /** Flyway's table, which decides what is applied. */
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

    /** An upgrade's two rows and the lock check, in one round trip; Flyway's row is kept only with the log row. */
    @Override
    public boolean recordStepIfHeld(Connection c, PlannedStep step, NewHistoryEntry entry, String heldCondition)
            throws SQLException {
        if (step.direction() != Direction.UPGRADE) {
            return History.super.recordStepIfHeld(c, step, entry, heldCondition);
        }
        return recordUpgrade(c, step, entry, log.insertSelectSql(heldCondition)) == 1;
    }

    @Override
    public void recordStep(Connection c, PlannedStep step, NewHistoryEntry entry) throws SQLException {
        if (step.direction() == Direction.UPGRADE) {
            recordUpgrade(c, step, entry, log.insertSql());
            return;
        }
        FlywayMigration m = migrations.of(step);
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

    /** Flyway's row and Ferry's log row in one round trip: the log row's INSERT is {@code logInsert}. */
    private int recordUpgrade(Connection c, PlannedStep step, NewHistoryEntry entry, String logInsert)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH flyway_row AS ("
                + insertSql("?", "?", "?", "?", "?", "?", "?") + ") " + logInsert)) {
            bindFlywayRow(ps, migrations.of(step), entry.durationMs(), true);
            log.bind(ps, 8, entry);
            return ps.executeUpdate();
        }
    }

    /**
     * A failure is logged in {@code ferry_history}; a migration that ran outside a transaction and failed
     * half-way also gets Flyway's failed row, so that Flyway too sees it needs repair.
     */
    @Override
    public void recordFailure(Connection c, PlannedStep step, NewHistoryEntry entry) throws SQLException {
        if (step.direction() == Direction.UPGRADE && !step.transactional() && entry.statementsDone().orElse(0) > 0) {
            insert(c, migrations.of(step), entry.durationMs(), false);
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

    @Override
    public void stamp(Connection c, List<String> before, List<String> after, List<String> removed,
                      List<Revision> stamped, Instant at) {
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
        FlywayMigration m = migrations.of(step);
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
