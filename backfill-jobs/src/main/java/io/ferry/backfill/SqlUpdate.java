package io.ferry.backfill;

import io.ferry.migration.sql.Quote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The work of most jobs: per batch, one set-based statement
 * {@code UPDATE t SET c = <expr> WHERE <key range> AND c IS DISTINCT FROM <expr>}. Only rows whose value
 * would change are written, so a second run changes nothing. The dry run counts with the very same
 * condition and reads the values before and after for its samples.
 *
 * <p>Expressions are SQL over the table's columns (written quoted by the job that builds them); they
 * must be deterministic for the dry run to tell the truth.
 */
public final class SqlUpdate extends KeysetWork {

    /** The name of the preview's count column, beside the table's columns. */
    private static final String COUNTED = "_ferry_rows_counted";

    private final Map<String, String> assignments;
    private final Optional<String> filter;
    private final Optional<String> changes;

    /**
     * @param assignments column (unquoted name) to the SQL expression of its new value
     * @param filter      an extra condition rows must meet to be changed at all, SQL over the columns
     * @param definition  what the job does, for resume checks (see {@link BatchWork#definition()})
     */
    public SqlUpdate(KeysetWalker walker, Map<String, String> assignments, Optional<String> filter,
                     Map<String, Object> definition) {
        this(walker, assignments, filter, Optional.empty(), definition);
    }

    private SqlUpdate(KeysetWalker walker, Map<String, String> assignments, Optional<String> filter,
                      Optional<String> changes, Map<String, Object> definition) {
        super(walker, definition);
        if (assignments.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one column to set");
        }
        this.assignments = new LinkedHashMap<>(assignments);
        this.filter = filter;
        this.changes = changes;
    }

    /**
     * An update of one column whose job knows, cheaper than by computing the new value, which rows it
     * changes: {@code changes} must hold exactly for the rows where {@code column IS DISTINCT FROM (expression)}
     * (so a row it lets through is written, and a row it keeps out would have stayed the same). It stands in
     * for that comparison in the {@code UPDATE}'s condition and in the dry run's count.
     */
    public static SqlUpdate exact(KeysetWalker walker, String column, String expression, String changes,
                                  Map<String, Object> definition) {
        return new SqlUpdate(walker, Map.of(column, expression), Optional.empty(), Optional.of(changes), definition);
    }

    /** The condition a row of the batch must meet to be changed: in the range, and {@link #changing}. */
    private String where(Batch batch) {
        return walker().rangePredicate(batch, "") + " AND " + changing();
    }

    /** The condition a row must meet to be changed, over its columns: past the filter, and different. */
    private String changing() {
        if (changes.isPresent()) {
            return "(" + changes.get() + ")";
        }
        String differs = assignments.entrySet().stream()
                .map(e -> Quote.ident(e.getKey()) + " IS DISTINCT FROM (" + e.getValue() + ")")
                .collect(Collectors.joining(" OR "));
        return filter.map(f -> "(" + f + ") AND ").orElse("") + "(" + differs + ")";
    }

    @Override
    public List<String> outline() {
        return List.of("UPDATE " + walker().table().sql() + " SET ... WHERE ...");
    }

    @Override
    public BatchResult apply(Connection c, Batch batch) throws SQLException {
        String set = assignments.entrySet().stream()
                .map(e -> Quote.ident(e.getKey()) + " = (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + walker().table().sql() + " SET " + set + " WHERE " + where(batch))) {
            walker().bindRange(ps, 1, batch);
            return BatchResult.changed(ps.executeUpdate());
        }
    }

    @Override
    public BatchResult preview(Connection c, Batch batch, int samples) throws SQLException {
        if (samples <= 0) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM " + walker().table().sql() + " WHERE " + where(batch))) {
                walker().bindRange(ps, 1, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return BatchResult.changed(rs.getLong(1));
                }
            }
        }
        List<String> key = walker().keyNames();
        // The rows to change are counted and the first few picked in a subquery; only those few have their new
        // values computed, in the outer query, whose unqualified names are the subquery's columns (the
        // table's). Output columns get names of their own: ORDER BY "id" would otherwise sort by the text "id".
        StringBuilder select = new StringBuilder("SELECT ");
        int n = 0;
        for (String k : key) {
            select.append(Quote.ident(k)).append("::text AS _c").append(++n).append(", ");
        }
        for (Map.Entry<String, String> e : assignments.entrySet()) {
            select.append(Quote.ident(e.getKey())).append("::text AS _c").append(++n).append(", (").append(e.getValue())
                    .append(")::text AS _c").append(++n).append(", ");
        }
        select.append(COUNTED).append(" FROM (SELECT *, count(*) OVER () AS ").append(COUNTED).append(" FROM ")
                .append(walker().table().sql()).append(" WHERE ").append(where(batch)).append(" ORDER BY ")
                .append(walker().keyList()).append(" LIMIT ?) AS ").append(Quote.ident(walker().table().name()))
                .append(" ORDER BY ").append(walker().keyList());
        try (PreparedStatement ps = c.prepareStatement(select.toString())) {
            int i = walker().bindRange(ps, 1, batch);
            ps.setInt(i, samples);
            long total = 0;
            List<Sample> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> k = key(rs, 1);
                    int col = key.size() + 1;
                    Map<String, String> before = new LinkedHashMap<>();
                    Map<String, String> after = new LinkedHashMap<>();
                    for (String name : assignments.keySet()) {
                        String was = rs.getString(col++);
                        String will = rs.getString(col++);
                        if (!java.util.Objects.equals(was, will)) {
                            before.put(name, was);
                            after.put(name, will);
                        }
                    }
                    total = rs.getLong(col);
                    found.add(new Sample(Sample.Action.UPDATE, k, before, after));
                }
            }
            return new BatchResult(total, found);
        }
    }
}
