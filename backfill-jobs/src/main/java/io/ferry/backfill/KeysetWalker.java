package io.ferry.backfill;

import io.ferry.migration.sql.Quote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Walks a table by a unique, non-null key with keyset pagination: each batch ends at the
 * {@code limit}-th key after the previous batch's last ({@code WHERE key > $last ORDER BY key LIMIT n},
 * an index range scan whatever the depth; never {@code OFFSET}). Composite keys compare as rows,
 * {@code (a, b) > ($1, $2)}, which a btree index on {@code (a, b)} serves directly.
 */
public final class KeysetWalker implements Walker {

    private static final java.util.Set<String> INTEGERS = java.util.Set.of("bigint", "integer", "smallint");

    private final Table table;
    private final List<String> key;
    private final String keyList;
    private final String keyListDesc;

    /** The key must be a unique index's columns, NOT NULL: see {@link JobContext#requireWalkableKey}. */
    public KeysetWalker(Table table, List<String> key) {
        this.table = table;
        this.key = List.copyOf(key);
        this.keyList = key.stream().map(Quote::ident).collect(Collectors.joining(", "));
        // Qualified, so that ORDER BY means the key and not the output column of the same name (its text).
        this.keyListDesc = key.stream().map(k -> "batch." + Quote.ident(k) + " DESC").collect(Collectors.joining(", "));
    }

    public Table table() {
        return table;
    }

    @Override
    public List<String> keyNames() {
        return key;
    }

    /** The key columns, quoted and comma-separated, for ORDER BY and row comparisons. */
    public String keyList() {
        return keyList;
    }

    @Override
    public Optional<Batch> next(Connection c, Optional<List<String>> after, int limit) throws SQLException {
        String inner = "(SELECT " + keyList + " FROM " + table.sql()
                + (after.isPresent() ? " WHERE (" + keyList + ") > (" + casts() + ")" : "")
                + " ORDER BY " + keyList + " LIMIT ?) AS batch";
        // One integer key: max() and count() need no sort. Otherwise the last row of the batch, by a sort.
        String sql = key.size() == 1 && INTEGERS.contains(table.columns().get(key.get(0)))
                ? "SELECT max(batch." + keyList + ")::text, count(*) FROM " + inner + " HAVING count(*) > 0"
                : "SELECT " + key.stream().map(k -> "batch." + Quote.ident(k) + "::text").collect(Collectors.joining(", "))
                        + ", count(*) OVER () FROM " + inner + " ORDER BY " + keyListDesc + " LIMIT 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (after.isPresent()) {
                i = bindKey(ps, i, after.get());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<String> upTo = new ArrayList<>(key.size());
                for (int k = 1; k <= key.size(); k++) {
                    upTo.add(rs.getString(k));
                }
                return Optional.of(new Batch(after, upTo, rs.getLong(key.size() + 1)));
            }
        }
    }

    @Override
    public Optional<Long> estimate(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) >= 0 ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * The condition that selects a batch's rows, with {@code ?} for the bounds: bind them with
     * {@link #bindRange}. {@code alias} qualifies the key columns when the statement needs it (may be empty).
     */
    public String rangePredicate(Batch batch, String alias) {
        String cols = alias.isEmpty() ? keyList
                : key.stream().map(k -> alias + "." + Quote.ident(k)).collect(Collectors.joining(", "));
        String upper = "(" + cols + ") <= (" + casts() + ")";
        return batch.after().isPresent() ? "(" + cols + ") > (" + casts() + ") AND " + upper : upper;
    }

    /** Binds the bounds of {@link #rangePredicate} from parameter {@code first}; returns the next index. */
    public int bindRange(PreparedStatement ps, int first, Batch batch) throws SQLException {
        int i = first;
        if (batch.after().isPresent()) {
            i = bindKey(ps, i, batch.after().get());
        }
        return bindKey(ps, i, batch.upTo());
    }

    private String casts() {
        return key.stream().map(k -> "CAST(? AS " + table.columns().get(k) + ")").collect(Collectors.joining(", "));
    }

    private int bindKey(PreparedStatement ps, int first, List<String> values) throws SQLException {
        int i = first;
        for (String v : values) {
            ps.setString(i++, v);
        }
        return i;
    }
}
