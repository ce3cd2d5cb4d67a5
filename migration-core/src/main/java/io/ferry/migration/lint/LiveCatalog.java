package io.ferry.migration.lint;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.sql.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link Catalog} of a live database, read through one connection with one small catalog query per object
 * asked about (names resolve with the session's {@code search_path}, as the migration's own statements do). Answers
 * are kept for the life of the instance. Reads only.
 */
public final class LiveCatalog implements Catalog {

    /** How long reading a table's exact size may wait for a lock before it settles for the estimate. */
    private static final long SIZE_LOCK_WAIT_MS = 200;
    /**
     * The table named by parameter 1 ({@code root}: its schema and name, when it is a table) and the relations that
     * hold its rows ({@code leaves}: itself, or its partitions and children), read from the catalog without locks.
     */
    private static final String TREE = """
            WITH RECURSIVE root AS (
                SELECT c.oid, n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p', 'm')),
            tree(oid) AS (SELECT oid FROM root UNION ALL
                SELECT i.inhrelid FROM pg_inherits i JOIN tree ON i.inhparent = tree.oid),
            leaves AS (SELECT c.* FROM tree JOIN pg_class c ON c.oid = tree.oid WHERE c.relkind IN ('r', 'm'))
            """;

    private final Connection connection;
    private final Map<QualifiedName, Optional<TableFacts>> tables = new HashMap<>();
    private final Map<String, Optional<Boolean>> volatility = new HashMap<>();

    /**
     * A catalog read through {@code connection}, which must be in autocommit mode: reading a table's size runs in a
     * short transaction of its own (to bound its lock wait), which must not commit or roll back one of the caller's.
     *
     * @throws IllegalStateException when the connection has autocommit off (the caller has a transaction open)
     */
    public LiveCatalog(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                throw new IllegalStateException("LiveCatalog needs a connection in autocommit mode: it would end the"
                        + " caller's transaction when it reads a table's size; give it a connection of its own");
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the connection's autocommit mode", e);
        }
        this.connection = connection;
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public Optional<TableFacts> table(QualifiedName name) {
        return tables.computeIfAbsent(name, this::readTable);
    }

    /**
     * The table, with its partitions or inheritance children (an ALTER TABLE without ONLY reaches them too): rows from
     * {@code reltuples}, bytes from {@code pg_total_relation_size}. These queries take no lock but that function's
     * ACCESS SHARE; when another session holds the table in ACCESS EXCLUSIVE (a migration waiting behind it is what
     * lint runs before), the bytes come from {@code relpages} instead, rather than waiting.
     */
    private Optional<TableFacts> readTable(QualifiedName n) {
        Optional<TableFacts> estimated = query("reading the size of " + n, TREE + """
                SELECT root.nspname, root.relname, CASE WHEN bool_and(l.reltuples < 0) THEN -1
                       ELSE sum(greatest(l.reltuples, 0))::bigint END,
                       sum(l.relpages + coalesce(t.relpages, 0) + coalesce((SELECT sum(i.relpages) FROM pg_index x
                           JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = l.oid), 0))::bigint
                       * current_setting('block_size')::bigint
                       , root.relkind = 'p'
                FROM root LEFT JOIN leaves l ON true LEFT JOIN pg_class t ON t.oid = l.reltoastrelid
                GROUP BY root.nspname, root.relname, root.relkind""", ps -> ps.setString(1, n.sql()),
                rs -> new TableFacts(QualifiedName.of(rs.getString(1).equals("public") ? null : rs.getString(1),
                        rs.getString(2)), rs.getLong(3), rs.getLong(4), rs.getBoolean(5)));
        if (estimated.isEmpty()) {
            return estimated;
        }
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement wait = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
                wait.setString(1, SIZE_LOCK_WAIT_MS + "ms");
                wait.execute();
                Optional<Long> bytes = query("reading the size of " + n, TREE
                        + "SELECT coalesce(sum(pg_total_relation_size(l.oid)), 0)::bigint FROM leaves l",
                        ps -> ps.setString(1, n.sql()), rs -> rs.getLong(1));
                TableFacts e = estimated.get();
                return Optional.of(new TableFacts(e.name(), e.rows(), bytes.orElse(e.bytes()), e.partitioned()));
            } catch (FerryException e) {
                if (e.getCause() instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
                    return estimated; // the table is locked: its pages as last counted will do
                }
                throw e;
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the size of " + n, e);
        }
    }

    @Override
    public Optional<String> columnType(QualifiedName table, String column) {
        return query("reading the type of " + table + "." + column,
                "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                        + " WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped",
                ps -> {
                    ps.setString(1, table.sql());
                    ps.setString(2, column);
                }, rs -> rs.getString(1));
    }

    @Override
    public boolean provenNotNull(QualifiedName table, String column) {
        // pg_get_constraintdef writes CHECK (email IS NOT NULL) as CHECK ((email IS NOT NULL)).
        return query("reading the constraints of " + table,
                "SELECT a.attnotnull OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = a.attrelid"
                        + " AND k.contype = 'c' AND k.convalidated"
                        + " AND pg_get_constraintdef(k.oid) = 'CHECK ((' || quote_ident(a.attname) || ' IS NOT NULL))')"
                        + " FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND a.attnum > 0",
                ps -> {
                    ps.setString(1, table.sql());
                    ps.setString(2, column);
                }, rs -> rs.getBoolean(1)).orElse(false);
    }

    @Override
    public Optional<QualifiedName> tableOfIndex(QualifiedName index) {
        return query("reading the table of index " + index,
                "SELECT n.nspname, t.relname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                        + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE i.indexrelid = to_regclass(?)",
                ps -> ps.setString(1, index.sql()),
                rs -> QualifiedName.of(rs.getString(1).equals("public") ? null : rs.getString(1), rs.getString(2)));
    }

    @Override
    public Optional<Boolean> isVolatile(String function) {
        return volatility.computeIfAbsent(function, f -> query("reading the volatility of " + f,
                "SELECT bool_or(provolatile = 'v') FROM pg_proc WHERE proname = ? HAVING count(*) > 0",
                ps -> ps.setString(1, f), rs -> rs.getBoolean(1)));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> query(String what, String sql, Binder binder, Reader<T> reader) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(reader.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(what, e);
        }
    }
}
