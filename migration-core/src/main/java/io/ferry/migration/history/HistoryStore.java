package io.ferry.migration.history;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.internal.Sha256;
import io.ferry.migration.jdbc.Transactions;
import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.sql.Quote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ferry's two history tables in one schema:
 * <ul>
 *   <li>{@code ferry_version}: one row per head the database is at, kept like Alembic's
 *   {@code alembic_version};</li>
 *   <li>{@code ferry_history}: an append-only log of every upgrade, downgrade and stamp, failures
 *   included, so that what {@code ferry_version} holds can be followed row by row: a stamp logs each
 *   revision it records ({@code stamp}) and each head it removes ({@code unstamp}). Ferry never updates or
 *   deletes its rows.</li>
 * </ul>
 * The layout of these tables is itself versioned: the version is kept in the comment on
 * {@code ferry_history}, and {@link #ensure} brings an older layout up to date in place.
 *
 * <p>Every method works on the connection it is given and leaves transaction control to the caller.
 */
public final class HistoryStore implements History {

    /** The layout this release of Ferry writes. */
    public static final int LAYOUT_VERSION = 4;

    /**
     * Nullable columns added to the current layout without a new number, with their types: an older Ferry of the same
     * layout names its columns in every statement, so it keeps writing and reading the table (leaving them empty),
     * and a blue-green deploy's older release keeps working on tables the newer one brought up.
     */
    private static final Map<String, String> ADDED_COLUMNS = Map.of("data_loss", "text");

    /**
     * The layout's number and, when an older Ferry may still write it, the oldest layout that may: how a future layout
     * that only adds to this one says so (a Ferry that reads the clause keeps working on it).
     */
    private static final Pattern LAYOUT_COMMENT = Pattern.compile(
            "ferry history layout (\\d+)(?: \\(written also by Ferry of layout (\\d+) and later\\))?");

    private final String schema;
    private final String versionTable;
    private final String historyTable;
    private final boolean keepsVersions;
    /** The last {@link #preparation} made, with the text it prepares. */
    private volatile Prepared lastPrepared;

    /** Both tables: for native projects. */
    public HistoryStore(String schema) {
        this(schema, true);
    }

    private HistoryStore(String schema, boolean keepsVersions) {
        this.schema = schema;
        this.versionTable = Quote.ident(schema) + ".ferry_version";
        this.historyTable = Quote.ident(schema) + ".ferry_history";
        this.keepsVersions = keepsVersions;
    }

    /**
     * Only the log, {@code ferry_history}: for projects whose applied revisions another table records
     * (Flyway's). It creates no {@code ferry_version}, and moving heads does nothing.
     */
    public static HistoryStore logOnly(String schema) {
        return new HistoryStore(schema, false);
    }

    public String schema() {
        return schema;
    }

    @Override
    public String describe() {
        return historyTable;
    }

    @Override
    public List<Long> lockKeys() {
        return List.of(MigrationLock.key(schema));
    }

    @Override
    public void recordStep(Connection c, PlannedStep step, NewHistoryEntry entry) throws SQLException {
        moveHeads(c, new LinkedHashSet<>(step.headsBefore()), new LinkedHashSet<>(step.headsAfter()));
        record(c, entry);
    }

    /**
     * A revision that moves one head (every step of a linear history) is recorded in one statement: the
     * {@code ferry_version} change in a {@code WITH} clause, the log row inserted only when that change hit
     * its row and the lock is held. When the row is not inserted, a second look tells the two apart.
     */
    @Override
    public boolean recordStepIfHeld(Connection c, PlannedStep step, NewHistoryEntry entry, String heldCondition)
            throws SQLException {
        List<HeadChange> changes = keepsVersions
                ? headChanges(new LinkedHashSet<>(step.headsBefore()), new LinkedHashSet<>(step.headsAfter()))
                : List.of();
        if (changes.size() > 1) {
            return History.super.recordStepIfHeld(c, step, entry, heldCondition);
        }
        HeadChange change = changes.isEmpty() ? null : changes.get(0);
        String sql = change == null ? insertSelectSql(heldCondition)
                : "WITH head AS (" + change.sql(versionTable, v -> "?") + " RETURNING 1) "
                + insertSelectSql("(SELECT count(*) FROM head) = 1 AND " + heldCondition);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = 1;
            if (change != null) {
                for (String value : change.values()) {
                    ps.setString(next++, value);
                }
            }
            bind(ps, next, entry);
            if (ps.executeUpdate() == 1) {
                return true;
            }
        }
        if (change == null || !History.holds(c, heldCondition)) {
            return false; // with no head to move, only the lock could keep the row out
        }
        throw changedByAnotherRun(change);
    }

    @Override
    public Optional<StepRecord> stepRecord(PlannedStep step, NewHistoryEntry entry, String heldCondition) {
        List<HeadChange> changes = keepsVersions
                ? headChanges(new LinkedHashSet<>(step.headsBefore()), new LinkedHashSet<>(step.headsAfter()))
                : List.of();
        if (changes.size() > 1) {
            return Optional.empty();
        }
        HeadChange change = changes.isEmpty() ? null : changes.get(0);
        // A statement prepared once per run and shape of change: parsed and planned once, where written out whole
        // it was parsed and planned for every revision (most of the server's time for a small one's record).
        // Every value is text, cast in the statement, so that the EXECUTE writes them all alike.
        List<String> values = new ArrayList<>(List.of(literal(entry.revision()), literal(entry.action().column()),
                literal(entry.checksum()), literal(System.getProperty("user.name")),
                literal(entry.startedAt().toString()), literal(Boolean.toString(entry.success())),
                literal(entry.error().orElse(null)), literal(entry.statementsDone().map(String::valueOf).orElse(null)),
                literal(entry.statementsTotal().map(String::valueOf).orElse(null)), literal(release()),
                literal(entry.statementsHash().orElse(null)), literal(entry.dataLoss().orElse(null))));
        String insert = insertInto() + " SELECT $1, $2, $3, $4, $5::timestamptz,"
                + " (extract(epoch FROM clock_timestamp() - transaction_timestamp()) * 1000)::bigint, $6::boolean, $7,"
                + " $8::integer, $9::integer, $10, $11, $12 WHERE ";
        String body;
        if (change == null) {
            body = insert + heldCondition;
        } else {
            // The head's values follow the row's: $13, and $14 for a head that moves.
            int first = values.size() + 1;
            change.values().forEach(value -> values.add(literal(value)));
            body = "WITH head AS (" + change.sql(versionTable, v -> "$" + (first + change.values().indexOf(v)))
                    + " RETURNING 1) " + insert + "(SELECT count(*) FROM head) = 1 AND " + heldCondition;
        }
        Preparation preparation = preparation(body, values.size());
        String sql = "EXECUTE " + preparation.name() + " (" + String.join(", ", values) + ")";
        return Optional.of(new StepRecord() {
            @Override
            public String sql() {
                return sql;
            }

            @Override
            public Optional<Preparation> preparation() {
                return Optional.of(preparation);
            }

            @Override
            public boolean recorded(Connection c, int rows) throws SQLException {
                if (rows == 1) {
                    return true;
                }
                if (change == null || !History.holds(c, heldCondition)) {
                    return false;
                }
                throw changedByAnotherRun(change);
            }
        });
    }

    /**
     * The {@code PREPARE} of {@code body}, with {@code parameters} text parameters, named after a hash of the text. A
     * run asks for the same few again and again (one per shape of change): the last one is kept.
     */
    private Preparation preparation(String body, int parameters) {
        Prepared last = lastPrepared;
        if (last != null && last.body().equals(body)) {
            return last.preparation();
        }
        String name = "ferry_record_" + HexFormat.of().formatHex(Sha256.of(body), 0, 10);
        Preparation made = new Preparation(name, "PREPARE " + name + " ("
                + String.join(", ", Collections.nCopies(parameters, "text")) + ") AS " + body);
        lastPrepared = new Prepared(body, made);
        return made;
    }

    private record Prepared(String body, Preparation preparation) {
    }

    /**
     * A text value as an SQL literal (typed text) that reads the same whatever {@code standard_conforming_strings}
     * says: with a backslash in it, an escape string.
     */
    private static String literal(String value) {
        if (value == null) {
            return "NULL::text";
        }
        return value.indexOf('\\') < 0 ? Quote.literal(value) + "::text"
                : "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'::text";
    }

    @Override
    public void recordFailure(Connection c, PlannedStep step, NewHistoryEntry entry) throws SQLException {
        record(c, entry);
    }

    @Override
    public void stamp(Connection c, List<String> before, List<String> after, List<String> removed,
                      List<Revision> stamped, Instant at) throws SQLException {
        moveHeads(c, new LinkedHashSet<>(before), new LinkedHashSet<>(after));
        for (String head : removed) {
            record(c, NewHistoryEntry.success(head, Action.UNSTAMP, null, at, 0));
        }
        for (Revision r : stamped) {
            record(c, NewHistoryEntry.success(r.id(), Action.STAMP, r.checksum(), at, 0));
        }
    }

    @Override
    public List<String> offlineSetup(Connection c) throws SQLException {
        int installed = installedLayout(c);
        refuseNewer(c, installed);
        List<String> sql = new ArrayList<>();
        if (installed < LAYOUT_VERSION) {
            if (installed == 0) {
                sql.add("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(schema));
            }
            sql.addAll(layoutDdl(installed, LAYOUT_VERSION));
        } else {
            sql.addAll(addedColumnsDdl(c));
        }
        return sql;
    }

    @Override
    public List<String> offlineRecord(PlannedStep step, Integer statements) {
        List<String> sql = new ArrayList<>(moveHeadsSql(new LinkedHashSet<>(step.headsBefore()),
                new LinkedHashSet<>(step.headsAfter())));
        Action action = step.direction() == io.ferry.migration.graph.Direction.UPGRADE ? Action.UPGRADE
                : Action.DOWNGRADE;
        sql.add(recordSql(step.revision().id(), action, step.revision().checksum(), statements, statements));
        return sql;
    }

    /** The schema-qualified, quoted name of {@code ferry_version}. */
    public String versionTable() {
        return versionTable;
    }

    /** The schema-qualified, quoted name of {@code ferry_history}. */
    public String historyTable() {
        return historyTable;
    }

    /** The layout version installed in the database; 0 when the tables do not exist yet. */
    public int installedLayout(Connection c) throws SQLException {
        String comment = layoutComment(c);
        if (comment == null) {
            return 0;
        }
        Matcher m = LAYOUT_COMMENT.matcher(comment);
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    /** The comment on {@code ferry_history} ("" when it has none), or null when the table does not exist. */
    private String layoutComment(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT obj_description(to_regclass(?), 'pg_class'), to_regclass(?) IS NOT NULL")) {
            ps.setString(1, historyTable);
            ps.setString(2, historyTable);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(2)) {
                    return null;
                }
                return rs.getString(1) == null ? "" : rs.getString(1);
            }
        }
    }

    /**
     * The oldest layout whose Ferry may write tables of the installed layout (see {@link #LAYOUT_COMMENT}): the
     * layout itself unless its comment says an older one may; 0 when there are no tables.
     */
    public int oldestWriter(Connection c) throws SQLException {
        String comment = layoutComment(c);
        if (comment == null) {
            return 0;
        }
        Matcher m = LAYOUT_COMMENT.matcher(comment);
        if (!m.find()) {
            return 1;
        }
        return m.group(2) != null ? Integer.parseInt(m.group(2)) : Integer.parseInt(m.group(1));
    }

    /** The oldest layout that may write tables of {@code layout}: itself, for every layout so far. */
    static int oldestWriter(int layout) {
        return layout;
    }

    /** True when the history tables exist. */
    @Override
    public boolean exists(Connection c) throws SQLException {
        return installedLayout(c) > 0;
    }

    /**
     * Creates the tables, or brings an older layout up to {@link #LAYOUT_VERSION}, in one transaction.
     * Call it while holding the migration lock.
     *
     * @throws FerryException {@link MigrationErrorCode#HISTORY_TOO_NEW} when a newer Ferry wrote the tables
     */
    @Override
    public void ensure(Connection c) throws SQLException {
        ensure(c, LAYOUT_VERSION);
    }

    /** Brings the tables to layout {@code target}; tests use it to build older layouts. */
    void ensure(Connection c, int target) throws SQLException {
        int installed = installedLayout(c);
        refuseNewer(c, installed);
        List<String> missing = target == LAYOUT_VERSION && installed >= LAYOUT_VERSION ? addedColumnsDdl(c) : List.of();
        if (installed >= target && missing.isEmpty()) {
            return;
        }
        Transactions.run(c, tx -> {
            try (Statement s = tx.createStatement()) {
                if (installed == 0) {
                    createSchemaIfMissing(tx, s);
                }
                for (String ddl : installed >= target ? missing : layoutDdl(installed, target)) {
                    s.execute(ddl);
                }
            }
        });
    }

    /** @throws FerryException {@code history-too-new} when the tables have a layout this Ferry may not write */
    private void refuseNewer(Connection c, int installed) throws SQLException {
        if (oldestWriter(c) > LAYOUT_VERSION) {
            throw new FerryException(MigrationErrorCode.HISTORY_TOO_NEW,
                    historyTable + " has layout " + installed + ", written by a newer Ferry; this one knows up to "
                            + LAYOUT_VERSION,
                    "use the Ferry release the rest of your team uses, or a newer one");
        }
    }

    /** The {@code ALTER TABLE} that gives the history table the {@link #ADDED_COLUMNS} it lacks, or nothing. */
    private List<String> addedColumnsDdl(Connection c) throws SQLException {
        List<String> add = new ArrayList<>();
        for (Map.Entry<String, String> column : new TreeMap<>(ADDED_COLUMNS).entrySet()) {
            if (!hasColumn(c, column.getKey())) {
                add.add("ADD COLUMN IF NOT EXISTS " + column.getKey() + " " + column.getValue());
            }
        }
        return add.isEmpty() ? List.of() : List.of("ALTER TABLE " + historyTable + " " + String.join(", ", add));
    }

    private boolean hasColumn(Connection c, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_attribute"
                + " WHERE attrelid = to_regclass(?) AND attname = ? AND attnum > 0 AND NOT attisdropped)")) {
            ps.setString(1, historyTable);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * The statements that take the tables from layout {@code from} (0: no tables) to layout {@code to},
     * the layout comment included. The schema must exist.
     */
    public List<String> layoutDdl(int from, int to) {
        List<String> ddl = new ArrayList<>();
        for (int layout = from + 1; layout <= to; layout++) {
            ddl.addAll(layoutSteps(layout));
        }
        if (to == LAYOUT_VERSION) {
            new TreeMap<>(ADDED_COLUMNS).forEach((column, type) ->
                    ddl.add("ALTER TABLE " + historyTable + " ADD COLUMN IF NOT EXISTS " + column + " " + type));
        }
        int writer = oldestWriter(to);
        ddl.add("COMMENT ON TABLE " + historyTable + " IS " + Quote.literal("ferry history layout " + to
                + (writer < to ? " (written also by Ferry of layout " + writer + " and later)" : "")
                + ": an append-only log of every Ferry upgrade, downgrade and stamp"));
        return ddl;
    }

    private void createSchemaIfMissing(Connection c, Statement s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regnamespace(?) IS NULL")) {
            ps.setString(1, Quote.ident(schema));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    s.execute("CREATE SCHEMA " + Quote.ident(schema));
                }
            }
        }
    }

    /** The DDL that takes the tables from layout {@code layout - 1} to {@code layout}. */
    private List<String> layoutSteps(int layout) {
        return switch (layout) {
            case 1 -> Stream.of(
                    keepsVersions ? "CREATE TABLE " + versionTable + " (version_num varchar(" + Revision.MAX_ID_LENGTH
                            + ") NOT NULL, CONSTRAINT ferry_version_pkc PRIMARY KEY (version_num))" : null,
                    "CREATE TABLE " + historyTable + " ("
                            + "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                            + " revision varchar(" + Revision.MAX_ID_LENGTH + ") NOT NULL,"
                            + " action varchar(16) NOT NULL CHECK (action IN ('upgrade', 'downgrade', 'stamp')),"
                            + " checksum varchar(128),"
                            + " db_user text NOT NULL DEFAULT current_user,"
                            + " os_user text,"
                            + " started_at timestamptz NOT NULL,"
                            + " duration_ms bigint NOT NULL,"
                            + " success boolean NOT NULL,"
                            + " error text)").filter(Objects::nonNull).toList();
            case 2 -> List.of(
                    "ALTER TABLE " + historyTable + " ADD COLUMN statements_done integer,"
                            + " ADD COLUMN statements_total integer, ADD COLUMN ferry_release text",
                    "CREATE INDEX ferry_history_revision_idx ON " + historyTable + " (revision, id)");
            case 3 -> List.of("ALTER TABLE " + historyTable + " ADD COLUMN statements_hash text");
            case 4 -> List.of("ALTER TABLE " + historyTable + " DROP CONSTRAINT ferry_history_action_check,"
                    + " ADD CONSTRAINT ferry_history_action_check"
                    + " CHECK (action IN ('upgrade', 'downgrade', 'stamp', 'unstamp'))");
            default -> throw new IllegalArgumentException("no history layout " + layout);
        };
    }

    /** The heads the database is at; empty when nothing is applied or the tables do not exist. */
    @Override
    public List<String> heads(Connection c) throws SQLException {
        if (!keepsVersions || !exists(c)) {
            return List.of();
        }
        List<String> heads = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version_num FROM " + versionTable + " ORDER BY version_num")) {
            while (rs.next()) {
                heads.add(rs.getString(1));
            }
        }
        return heads;
    }

    /**
     * Changes {@code ferry_version} from {@code before} to {@code after} the way Alembic does: a row
     * whose head moves is updated in place, a new branch inserts a row, a merge deletes the rows it
     * joins but one.
     */
    public void moveHeads(Connection c, Set<String> before, Set<String> after) throws SQLException {
        if (!keepsVersions) {
            return;
        }
        for (HeadChange change : headChanges(before, after)) {
            try (PreparedStatement ps = c.prepareStatement(change.sql(versionTable, v -> "?"))) {
                for (int i = 0; i < change.values().size(); i++) {
                    ps.setString(i + 1, change.values().get(i));
                }
                if (ps.executeUpdate() != 1) {
                    throw changedByAnotherRun(change);
                }
            }
        }
    }

    private SQLException changedByAnotherRun(HeadChange change) {
        return new SQLException(versionTable + " does not hold " + change.from()
                + " any more: another run changed it; nothing of this revision was kept", "F0001");
    }

    /** {@link #moveHeads} as SQL text, for offline scripts. */
    public List<String> moveHeadsSql(Set<String> before, Set<String> after) {
        if (!keepsVersions) {
            return List.of();
        }
        return headChanges(before, after).stream().map(change -> change.sql(versionTable, Quote::literal)).toList();
    }

    /** One row change of {@code ferry_version}: a head moves, goes, or appears. */
    private record HeadChange(String to, String from) {
        List<String> values() {
            return to != null && from != null ? List.of(to, from) : List.of(to != null ? to : from);
        }

        String sql(String table, UnaryOperator<String> value) {
            if (to != null && from != null) {
                return "UPDATE " + table + " SET version_num = " + value.apply(to) + " WHERE version_num = "
                        + value.apply(from);
            }
            return to == null ? "DELETE FROM " + table + " WHERE version_num = " + value.apply(from)
                    : "INSERT INTO " + table + " (version_num) VALUES (" + value.apply(to) + ")";
        }
    }

    private static List<HeadChange> headChanges(Set<String> before, Set<String> after) {
        List<String> removed = new ArrayList<>(before);
        removed.removeAll(after);
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        List<HeadChange> changes = new ArrayList<>();
        for (int i = 0; i < Math.max(removed.size(), added.size()); i++) {
            changes.add(new HeadChange(i < added.size() ? added.get(i) : null, i < removed.size() ? removed.get(i) : null));
        }
        return changes;
    }

    /** Appends a row to {@code ferry_history}. */
    public void record(Connection c, NewHistoryEntry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertSql())) {
            bind(ps, 1, entry);
            ps.executeUpdate();
        }
    }

    /** The INSERT of one log row, with its thirteen parameters; see {@link #bind}. */
    public String insertSql() {
        return insertInto() + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private String insertInto() {
        return "INSERT INTO " + historyTable + " (revision, action, checksum, os_user, started_at, duration_ms, success,"
                + " error, statements_done, statements_total, ferry_release, statements_hash, data_loss)";
    }

    /** {@link #insertSql()} as an {@code INSERT ... SELECT} that inserts its row only when {@code condition} holds. */
    public String insertSelectSql(String condition) {
        return insertInto() + " SELECT ?, ?, ?, ?, ?::timestamptz, ?, ?, ?, ?::integer, ?::integer, ?, ?, ? WHERE " + condition;
    }

    /** Binds a log row to {@link #insertSql()}'s parameters, starting at {@code first}. */
    public void bind(PreparedStatement ps, int first, NewHistoryEntry entry) throws SQLException {
        int i = first;
        ps.setString(i++, entry.revision());
        ps.setString(i++, entry.action().column());
        ps.setString(i++, entry.checksum());
        ps.setString(i++, System.getProperty("user.name"));
        ps.setTimestamp(i++, Timestamp.from(entry.startedAt()));
        ps.setLong(i++, entry.durationMs());
        ps.setBoolean(i++, entry.success());
        ps.setString(i++, entry.error().orElse(null));
        ps.setObject(i++, entry.statementsDone().orElse(null), java.sql.Types.INTEGER);
        ps.setObject(i++, entry.statementsTotal().orElse(null), java.sql.Types.INTEGER);
        ps.setString(i++, release());
        ps.setString(i++, entry.statementsHash().orElse(null));
        ps.setString(i, entry.dataLoss().orElse(null));
    }

    /** A successful history row as SQL text, for offline scripts: written by whoever runs the script. */
    public String recordSql(String revision, Action action, String checksum, Integer statementsDone,
                            Integer statementsTotal) {
        return "INSERT INTO " + historyTable + " (revision, action, checksum, os_user, started_at, duration_ms,"
                + " success, statements_done, statements_total, ferry_release) VALUES (" + Quote.literal(revision)
                + ", " + Quote.literal(action.column()) + ", " + Quote.literal(checksum) + ", NULL, now(), 0, true, "
                + statementsDone + ", " + statementsTotal + ", " + Quote.literal(release() + " (offline script)") + ")";
    }

    /**
     * The current heads, and every revision whose newest successful row applied or stamped it (not one that a
     * downgrade reverted or a stamp removed).
     */
    @Override
    public Set<String> applied(Connection c) throws SQLException {
        Map<String, Action> last = new HashMap<>();
        for (HistoryEntry e : entries(c)) {
            if (e.success()) {
                last.put(e.revision(), e.action());
            }
        }
        Set<String> applied = new java.util.TreeSet<>(heads(c));
        last.forEach((revision, action) -> {
            if (action != Action.DOWNGRADE && action != Action.UNSTAMP) {
                applied.add(revision);
            }
        });
        return applied;
    }

    /** Every row, oldest first; empty when the tables do not exist. */
    @Override
    public List<HistoryEntry> entries(Connection c) throws SQLException {
        return select(c, "", List.of());
    }

    /** The newest row about a revision, if any. */
    @Override
    public Optional<HistoryEntry> latest(Connection c, String revision) throws SQLException {
        List<HistoryEntry> rows = select(c, " WHERE revision = ? ORDER BY id DESC LIMIT 1", List.of(revision));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The newest failure that no later success of the same revision has put right, if any. */
    @Override
    public Optional<HistoryEntry> lastFailure(Connection c) throws SQLException {
        List<HistoryEntry> rows = select(c, " f WHERE NOT success AND NOT EXISTS (SELECT 1 FROM " + historyTable
                + " s WHERE s.revision = f.revision AND s.success AND s.id > f.id) ORDER BY id DESC LIMIT 1", List.of());
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The checksum each revision had when it was last applied or stamped. */
    @Override
    public Map<String, String> appliedChecksums(Connection c) throws SQLException {
        Map<String, String> checksums = new HashMap<>();
        if (!exists(c)) {
            return checksums;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT DISTINCT ON (revision) revision, checksum FROM " + historyTable
                        + " WHERE success AND action IN ('upgrade', 'stamp') ORDER BY revision, id DESC")) {
            while (rs.next()) {
                if (rs.getString(2) != null && !rs.getString(2).isEmpty()) {
                    checksums.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return checksums;
    }

    private List<HistoryEntry> select(Connection c, String where, List<String> args) throws SQLException {
        int layout = installedLayout(c);
        if (layout == 0) {
            return List.of();
        }
        String extra = (layout >= 2 ? "statements_done, statements_total, ferry_release"
                : "NULL::int, NULL::int, NULL::text") + (layout >= 3 ? ", statements_hash" : ", NULL::text")
                + (hasColumn(c, "data_loss") ? ", data_loss" : ", NULL::text");
        String order = where.contains("ORDER BY") ? "" : " ORDER BY id";
        try (PreparedStatement ps = c.prepareStatement("SELECT id, revision, action, checksum, db_user, os_user,"
                + " started_at, duration_ms, success, error, " + extra + " FROM " + historyTable + where + order)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            List<HistoryEntry> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new HistoryEntry(rs.getLong(1), rs.getString(2), Action.fromColumn(rs.getString(3)),
                            rs.getString(4), rs.getString(5), Optional.ofNullable(rs.getString(6)),
                            rs.getTimestamp(7).toInstant(), rs.getLong(8), rs.getBoolean(9),
                            Optional.ofNullable(rs.getString(10)), Optional.ofNullable((Integer) rs.getObject(11)),
                            Optional.ofNullable((Integer) rs.getObject(12)), Optional.ofNullable(rs.getString(13)),
                            Optional.ofNullable(rs.getString(14)), Optional.ofNullable(rs.getString(15))));
                }
            }
            return rows;
        }
    }

    /** The Ferry release writing rows. */
    public static String release() {
        String version = HistoryStore.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
