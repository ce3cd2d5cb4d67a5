package io.ferry.migration.safety;

import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.sql.ColumnType;
import io.ferry.migration.sql.Quote;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.SqlTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Measures what a plan would lose: reads the SQL of every step ({@link LossStatement}) and counts, on the live
 * database, the rows of each table it drops or empties, the non-null values of each column it drops, and the values
 * a type change would not keep.
 *
 * <p>A table or column is first asked whether it holds anything at all ({@code SELECT EXISTS (...)}); only then are
 * its rows or values counted ({@code TRUNCATE ONLY} and {@code DELETE FROM ONLY} count the table without its
 * inheritance children; without {@code ONLY} the children's rows are counted with it). A type change that keeps
 * every value ({@link ColumnType#keepsEveryValue}: a widening, any type to {@code text}) or that reads a string
 * type is not counted: a value it cannot read fails the change (except to {@code name} or {@code "char"}, which
 * cut strings: see {@link ColumnType#cutsStrings}). One with {@code USING} counts the non-null values the
 * expression makes NULL (other values it changes are not counted); any other, and one whose {@code USING} only
 * casts the column to the new type ({@link UsingCast}), counts the values that do not survive the round trip
 * {@code column::new_type::old_type}.
 *
 * <p>It changes nothing: every query runs in a transaction of its own, {@code READ ONLY}, under its own
 * {@code statement_timeout}, with {@code row_security} off (a table whose row-level security would hide rows
 * makes the count fail rather than miss them), and is rolled back. A statement of the plan that sets the session's
 * {@code search_path} ({@link SearchPathSetting}) sets it, with {@code SET LOCAL}, for the queries of the
 * statements after it (a setting for the transaction only: of the same step). A count that runs past the timeout
 * (or waits past {@code lock_timeout} for a lock) gives way to the planner's estimate, {@code pg_class.reltuples},
 * marked as such, when it is above 0; else it is a loss not counted. A count that fails is a loss (nothing shows
 * that nothing is lost), except a type change's that fails on a value (SQLSTATE class 22): the change fails on the
 * same value. An object the database does not have (a table an earlier step of the
 * same plan creates) loses nothing; neither does an object an earlier statement of the plan already dropped or
 * emptied (its loss is counted there). A Java migration's body cannot be read, and is left out.
 */
public final class DataLossGuard {

    /** How long one count may run before the guard falls back to the estimate. */
    public static final Duration DEFAULT_COUNT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The first words of the statements the guard reads: those that can lose data ({@link LossStatement}) or set the
     * search_path ({@link SearchPathSetting}). The others (a large INSERT among them) are not lexed at all.
     */
    private static final Set<String> FIRST_WORDS = Set.of("drop", "truncate", "delete", "alter", "set", "reset",
            "select");

    private final Connection connection;
    private final Duration countTimeout;
    /** The search_path the plan's statements before the one being measured set for the session; null for none. */
    private String sessionPath;
    /** The search_path they set for the current step's transaction only; null for none. */
    private String transactionPath;

    public DataLossGuard(Connection connection) {
        this(connection, DEFAULT_COUNT_TIMEOUT);
    }

    public DataLossGuard(Connection connection, Duration countTimeout) {
        this.connection = connection;
        this.countTimeout = countTimeout;
    }

    /**
     * The losses of every step of {@code plan}, in the order they would run.
     *
     * @throws IllegalStateException when the connection is not in auto-commit mode: the guard runs and rolls back
     *                               transactions of its own, and would roll back the caller's
     */
    public DataLossReport measure(Plan plan) {
        try {
            if (!connection.getAutoCommit()) {
                throw new IllegalStateException("the data-loss guard needs a connection in auto-commit mode: it rolls"
                        + " back transactions of its own, and would roll back the caller's");
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the connection's auto-commit mode", e);
        }
        sessionPath = null;
        List<Loss> items = new ArrayList<>();
        Set<String> gone = new HashSet<>();
        for (PlannedStep step : plan.steps()) {
            if (!(step.body() instanceof SqlBody)) {
                continue;
            }
            // A SET LOCAL lasts until the end of the step's transaction; outside a transaction it does nothing.
            transactionPath = null;
            for (SqlStatement statement : step.statements()) {
                if (!FIRST_WORDS.contains(SqlTokens.firstWord(statement.sql()))) {
                    continue;
                }
                SqlTokens tokens = SqlTokens.of(statement);
                SearchPathSetting.of(tokens).ifPresent(set -> follow(set, step.transactional()));
                for (LossStatement s : LossStatement.read(tokens)) {
                    items.addAll(measure(step, s, gone));
                }
            }
        }
        transactionPath = null;
        return new DataLossReport(items);
    }

    /**
     * Follows a statement that sets the search_path. The executor runs every step on one session and puts back only
     * the timeouts it set itself ({@code StepSql.sessionReset}), never the search_path: a session setting lasts for
     * the steps after it. A setting for the transaction only lasts for the rest of its step, when the step runs in a
     * transaction.
     */
    private void follow(SearchPathSetting set, boolean transactional) {
        if (!set.transactionOnly()) {
            sessionPath = set.sql();
            transactionPath = null;
        } else if (transactional) {
            transactionPath = set.sql();
        }
    }

    private List<Loss> measure(PlannedStep step, LossStatement s, Set<String> gone) {
        try {
            return switch (s.shape()) {
                case DROP_TABLE -> tables(step, s, List.of(s.name().sql()), LossKind.TABLE, gone);
                case TRUNCATE -> tables(step, s, s.cascade() ? referencing(s.name().sql()) : List.of(s.name().sql()),
                        LossKind.ROWS, gone);
                case DELETE_ALL -> tables(step, s, List.of(s.name().sql()), LossKind.ROWS, gone);
                case DROP_SCHEMA -> tables(step, s, tablesOf(s.name().name()), LossKind.TABLE, gone);
                case DROP_COLUMN, ALTER_TYPE -> column(step, s, gone);
            };
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the catalog to count what " + step.revision().origin() + ":" + s.line()
                    + " would lose", e);
        }
    }

    /** The tables' rows, each table once per plan. */
    private List<Loss> tables(PlannedStep step, LossStatement s, List<String> names, LossKind kind, Set<String> gone)
            throws SQLException {
        List<Loss> losses = new ArrayList<>();
        for (String name : names) {
            Optional<Table> table = table(name);
            if (table.isEmpty() || !gone.add(table.get().oid())) {
                continue;
            }
            Table t = table.get();
            losses.add(loss(step, s, kind, t.display(), held((s.only() ? "ONLY " : "") + t.sql(), ""),
                    Math.round(t.reltuples())));
        }
        return losses;
    }

    /** A dropped column's non-null values, or the values a type change would not keep. */
    private List<Loss> column(PlannedStep step, LossStatement s, Set<String> gone) throws SQLException {
        Optional<Table> table = table(s.name().sql());
        if (table.isEmpty() || gone.contains(table.get().oid())) {
            return List.of();
        }
        Table t = table.get();
        Optional<ColumnFacts> facts = columnFacts(t, s.column());
        if (facts.isEmpty() || (s.shape() == LossStatement.Shape.DROP_COLUMN && facts.get().generated())
                || gone.contains(t.oid() + "." + s.column())) {
            return List.of();
        }
        String col = Quote.ident(s.column());
        long estimate = Math.round(t.reltuples() < 0 ? -1 : t.reltuples() * (1 - facts.get().nullFraction()));
        if (s.shape() == LossStatement.Shape.DROP_COLUMN) {
            gone.add(t.oid() + "." + s.column());
            return List.of(loss(step, s, LossKind.COLUMN, t.display() + "." + s.column(),
                    held(t.sql(), " WHERE " + col + " IS NOT NULL"), estimate));
        }
        ColumnType from = ColumnType.parse(facts.get().type());
        ColumnType to = ColumnType.parse(s.newType());
        Optional<String> using = s.using().filter(u -> !UsingCast.isPlainCast(u, s.column(), to));
        String lost;
        if (using.isPresent()) {
            lost = "(" + using.get() + ")::" + s.newType() + " IS NULL";
        } else if (from.keepsEveryValue(to) || from.isString() && !to.cutsStrings()) {
            return List.of();
        } else {
            lost = "((" + col + ")::" + s.newType() + ")::" + facts.get().type() + " IS DISTINCT FROM " + col;
        }
        return List.of(loss(step, s, using.isPresent() ? LossKind.NULLED : LossKind.VALUES,
                t.display() + "." + s.column() + " (to " + s.newType() + ")",
                count("SELECT count(*) FROM " + t.sql() + " WHERE " + col + " IS NOT NULL AND " + lost), estimate));
    }

    private Loss loss(PlannedStep step, LossStatement s, LossKind kind, String object, Count count, long estimate) {
        String revision = step.revision().id();
        String file = step.revision().origin();
        return switch (count.outcome()) {
            case COUNTED -> new Loss(revision, file, s.line(), kind, object, count.n(), Loss.Measure.EXACT,
                    Optional.empty(), "");
            // An estimate of none (or none at all) proves nothing about a table the count could not finish.
            case TIMED_OUT -> new Loss(revision, file, s.line(), kind, object, estimate > 0 ? estimate : -1,
                    Loss.Measure.ESTIMATED, Optional.empty(), "");
            case FAILED -> {
                boolean onAValue = kind.typeChange() && count.state().startsWith("22");
                yield new Loss(revision, file, s.line(), kind, object, 0, Loss.Measure.UNCOUNTED,
                        Optional.of(count.error() + (onAValue ? "; the change fails on such a value rather than lose it"
                                : "")), count.state());
            }
        };
    }

    // ---------------------------------------------------------------- the catalog

    /** A table of the live database. */
    private record Table(String oid, String schema, String name, boolean inPath, double reltuples) {
        String sql() {
            return Quote.ident(schema) + "." + Quote.ident(name);
        }

        /** As the database's {@code regclass} prints it: qualified only when outside the search path. */
        String display() {
            return inPath ? name : schema + "." + name;
        }
    }

    private record ColumnFacts(String type, boolean generated, double nullFraction) {
    }

    private Optional<Table> table(String name) throws SQLException {
        return readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT c.oid::text, n.nspname, c.relname,"
                    + " c.oid::regclass::text = quote_ident(c.relname), c.reltuples FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p')")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Table(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getBoolean(4), rs.getDouble(5))) : Optional.empty();
                }
            }
        });
    }

    private Optional<ColumnFacts> columnFacts(Table t, String column) throws SQLException {
        return readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT format_type(a.atttypid, a.atttypmod),"
                    + " a.attgenerated <> '', coalesce((SELECT s.null_frac FROM pg_stats s WHERE s.schemaname = ?"
                    + " AND s.tablename = ? AND s.attname = a.attname LIMIT 1), 0) FROM pg_attribute a"
                    + " WHERE a.attrelid = ?::oid AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
                ps.setString(1, t.schema());
                ps.setString(2, t.name());
                ps.setString(3, t.oid());
                ps.setString(4, column);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new ColumnFacts(rs.getString(1), rs.getBoolean(2), rs.getDouble(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /** The table and, recursively, every table whose foreign keys reference it: what {@code TRUNCATE CASCADE} empties. */
    private List<String> referencing(String name) throws SQLException {
        return oids("WITH RECURSIVE refs(oid) AS (SELECT to_regclass(?)::oid UNION SELECT k.conrelid FROM pg_constraint k"
                + " JOIN refs ON k.confrelid = refs.oid WHERE k.contype = 'f') SELECT oid::regclass::text FROM refs"
                + " WHERE oid IS NOT NULL", name);
    }

    /** The tables of a schema: what {@code DROP SCHEMA ... CASCADE} drops with their rows. */
    private List<String> tablesOf(String schema) throws SQLException {
        return oids("SELECT c.oid::regclass::text FROM pg_class c WHERE c.relnamespace = to_regnamespace(?)"
                + " AND c.relkind = 'r' ORDER BY c.relname", Quote.ident(schema));
    }

    private List<String> oids(String sql, String argument) throws SQLException {
        return readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, argument);
                List<String> names = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                return names;
            }
        });
    }

    // ---------------------------------------------------------------- counting

    private enum Outcome { COUNTED, TIMED_OUT, FAILED }

    /**
     * A count's result: {@code n} counted, or 0 when it timed out or failed.
     *
     * @param state the SQLSTATE of a count that failed, else empty
     */
    private record Count(Outcome outcome, long n, String error, String state) {
    }

    /**
     * What {@code from} holds (rows matching {@code where}): none without counting when it holds nothing, else
     * counted.
     */
    private Count held(String from, String where) throws SQLException {
        Count any = count("SELECT (EXISTS (SELECT 1 FROM " + from + where + "))::int");
        if (any.outcome() != Outcome.COUNTED || any.n() == 0) {
            return any;
        }
        return count("SELECT count(*) FROM " + from + where);
    }

    /** Runs a {@code count(*)}: its result, or that it timed out, or why it failed. */
    private Count count(String sql) throws SQLException {
        try {
            return readOnly(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    return new Count(Outcome.COUNTED, rs.getLong(1), null, "");
                }
            });
        } catch (SQLException e) {
            if (SqlErrors.isConnectionLost(e)) {
                throw e;
            }
            if (SqlErrors.isQueryCanceled(e) || SqlErrors.isLockTimeout(e)) {
                return new Count(Outcome.TIMED_OUT, 0, null, "");
            }
            return new Count(Outcome.FAILED, 0, SqlErrors.serverMessage(e),
                    e.getSQLState() == null ? "" : e.getSQLState());
        }
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code query} in a read-only transaction of its own under the count timeout, with row-level security off
     * and the plan's search_path, and rolls it back.
     */
    private <T> T readOnly(Query<T> query) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
                s.execute("SET LOCAL statement_timeout = " + Math.max(1, countTimeout.toMillis()));
                s.execute("SET LOCAL row_security = off");
                String path = transactionPath != null ? transactionPath : sessionPath;
                if (path != null) {
                    s.execute(path);
                }
            }
            return query.run(connection);
        } finally {
            try {
                connection.rollback();
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }
}
