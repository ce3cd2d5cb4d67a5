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
 * Work that deletes the rows of each batch that meet a condition, optionally moving them to an archive
 * table in the same statement ({@code WITH moved AS (DELETE ... RETURNING ...) INSERT INTO archive ...}),
 * so a row is never lost between the two. The dry run counts with the same condition.
 */
public final class SqlDelete extends KeysetWork {

    private final String condition;
    private final List<String> shown;
    private final Optional<Table> archive;

    /**
     * @param condition SQL over the table's columns that selects the rows to delete
     * @param shown     columns whose values a dry run's samples show
     * @param archive   where deleted rows go; it must have every column of the table
     */
    public SqlDelete(KeysetWalker walker, String condition, List<String> shown, Optional<Table> archive,
                     Map<String, Object> definition) {
        super(walker, definition);
        this.condition = condition;
        this.shown = List.copyOf(shown);
        this.archive = archive;
    }

    private String where(Batch batch) {
        return walker().rangePredicate(batch, "") + " AND (" + condition + ")";
    }

    @Override
    public List<String> outline() {
        String delete = "DELETE FROM " + walker().table().sql() + " WHERE ...";
        return archive.map(a -> List.of(delete, "INSERT INTO " + a.sql() + " SELECT ...")).orElse(List.of(delete));
    }

    @Override
    public BatchResult apply(Connection c, Batch batch) throws SQLException {
        String delete = "DELETE FROM " + walker().table().sql() + " WHERE " + where(batch);
        String sql = delete;
        if (archive.isPresent()) {
            String cols = walker().table().columns().keySet().stream().map(Quote::ident).collect(Collectors.joining(", "));
            sql = "WITH moved AS (" + delete + " RETURNING " + cols + ") INSERT INTO " + archive.get().sql()
                    + " (" + cols + ") OVERRIDING SYSTEM VALUE SELECT " + cols + " FROM moved";
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            walker().bindRange(ps, 1, batch);
            return BatchResult.changed(ps.executeUpdate());
        }
    }

    @Override
    public BatchResult preview(Connection c, Batch batch, int samples) throws SQLException {
        List<String> key = walker().keyNames();
        // Output columns get names of their own: ORDER BY "id" would otherwise sort by the text "id".
        String select = "SELECT " + key.stream().map(k -> Quote.ident(k) + "::text AS _k_" + key.indexOf(k))
                .collect(Collectors.joining(", "))
                + shown.stream().map(s -> ", " + Quote.ident(s) + "::text AS _s_" + shown.indexOf(s)).collect(Collectors.joining())
                + ", count(*) OVER () FROM " + walker().table().sql() + " WHERE " + where(batch)
                + " ORDER BY " + walker().keyList() + " LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(select)) {
            int i = walker().bindRange(ps, 1, batch);
            ps.setInt(i, Math.max(samples, 1));
            long total = 0;
            List<Sample> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> k = key(rs, 1);
                    int col = key.size() + 1;
                    Map<String, String> before = new LinkedHashMap<>();
                    for (String name : shown) {
                        before.put(name, rs.getString(col++));
                    }
                    total = rs.getLong(col);
                    if (found.size() < samples) {
                        found.add(new Sample(Sample.Action.DELETE, k, before, Map.of()));
                    }
                }
            }
            return new BatchResult(total, found);
        }
    }
}
