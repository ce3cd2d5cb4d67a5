package io.ferry.migration.lint;

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

    private final Connection connection;
    private final Map<QualifiedName, Optional<TableFacts>> tables = new HashMap<>();
    private final Map<String, Optional<Boolean>> volatility = new HashMap<>();

    public LiveCatalog(Connection connection) {
        this.connection = connection;
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public Optional<TableFacts> table(QualifiedName name) {
        return tables.computeIfAbsent(name, n -> query("reading the size of " + n,
                "SELECT c.reltuples::bigint, pg_total_relation_size(c.oid), n.nspname, c.relname FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p', 'm')",
                ps -> ps.setString(1, n.sql()),
                rs -> new TableFacts(QualifiedName.of(rs.getString(3).equals("public") ? null : rs.getString(3),
                        rs.getString(4)), rs.getLong(1), rs.getLong(2))));
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
