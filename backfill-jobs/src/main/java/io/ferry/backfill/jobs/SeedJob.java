package io.ferry.backfill.jobs;

import io.ferry.backfill.BackfillJob;
import io.ferry.backfill.Batch;
import io.ferry.backfill.BatchResult;
import io.ferry.backfill.BatchWork;
import io.ferry.backfill.JobContext;
import io.ferry.backfill.JobOptions;
import io.ferry.backfill.Sample;
import io.ferry.backfill.Table;
import io.ferry.backfill.Walker;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.sql.Quote;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code type: seed}: makes a table hold the rows of a CSV or YAML file, matched by a natural key: rows
 * missing from the table are inserted, rows whose values differ are updated, and nothing is ever deleted.
 * Rows already equal are not touched, and no sequence value is drawn for them. The batches walk the
 * file's rows in order; the checkpoint is the number of file rows done.
 */
public final class SeedJob implements BackfillJob {

    static final String KEYS = "table, key, file, columns";
    /** PostgreSQL's limit of bind parameters in one statement. */
    private static final int MAX_PARAMETERS = 65_535;

    @Override
    public String type() {
        return "seed";
    }

    @Override
    public BatchWork prepare(JobContext context) throws SQLException {
        JobOptions options = context.options();
        options.rejectUnknown(KEYS);
        Table table = context.table("table", options.string("table"));
        List<String> key = options.names("key");
        String fileName = options.string("file");
        Optional<List<String>> only = options.optionalNames("columns");
        context.requireUniqueColumns(table, key);
        Path file = context.file("file", fileName);
        SeedFile seed = SeedFile.read(context, file);
        List<String> columns = only.orElse(seed.columns());
        for (String c : columns) {
            if (!seed.columns().contains(c)) {
                throw context.invalid("columns names '" + c + "', which " + fileName + " does not have",
                        "the file's columns are " + String.join(", ", seed.columns()));
            }
        }
        for (String k : key) {
            if (!columns.contains(k)) {
                throw context.invalid("the file's columns lack the key column '" + k + "'",
                        "every row must carry its natural key");
            }
        }
        context.requireColumns(table, "columns", columns);
        List<List<String>> values = new ArrayList<>();
        Map<List<String>, Integer> seen = new HashMap<>();
        for (int r = 0; r < seed.rows().size(); r++) {
            Map<String, String> row = seed.rows().get(r);
            List<String> v = columns.stream().map(row::get).toList();
            List<String> k = key.stream().map(row::get).toList();
            if (k.contains(null)) {
                throw context.invalid(fileName + " row " + (r + 1) + " has no value for the key " + key,
                        "give every row its natural key");
            }
            Integer earlier = seen.put(k, r);
            if (earlier != null) {
                throw context.invalid(fileName + " rows " + (earlier + 1) + " and " + (r + 1) + " have the same key "
                        + k, "keep one row per key");
            }
            values.add(v);
        }
        for (String c : columns) {
            if (table.identityAlways().contains(c) && !key.contains(c)) {
                throw context.invalid("column '" + c + "' of " + table.display() + " is GENERATED ALWAYS AS IDENTITY,"
                        + " and a seed cannot update it", "leave it out (columns: [...]) or make it the key");
            }
        }
        checkValues(context, table, key, columns, values, fileName);
        boolean overriding = columns.stream().anyMatch(table.identityAlways()::contains);
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("type", type());
        definition.put("table", table.display());
        definition.put("key", key);
        definition.put("file", fileName);
        definition.put("columns", columns);
        // The checkpoint is a position in the file: a paused run resumes only over the same rows.
        definition.put("rowsSha256", fingerprint(values));
        return new SeedWork(table, key, columns, values, overriding, definition);
    }

    /**
     * Checks the file's values against the table, before anything runs: every value must cast to its
     * column's type without losing anything (an explicit cast to {@code varchar(40)} truncates and one to
     * {@code numeric(5,2)} rounds, silently), and no two rows may have the same key as the column's type
     * compares it (a {@code citext} or {@code uuid} key equates text that differs).
     */
    private static void checkValues(JobContext context, Table table, List<String> key, List<String> columns,
                                    List<List<String>> values, String fileName) throws SQLException {
        java.sql.Connection c = context.connection();
        String arrays = columns.stream().map(col -> "CAST(? AS text[])").collect(Collectors.joining(", "));
        String names = columns.stream().map(Quote::ident).collect(Collectors.joining(", "));
        String casts = columns.stream().map(col -> "CAST(u." + Quote.ident(col) + " AS " + table.columns().get(col) + ")")
                .collect(Collectors.joining(", "));
        String keyCasts = key.stream().map(k -> "CAST(u." + Quote.ident(k) + " AS " + table.columns().get(k) + ")")
                .collect(Collectors.joining(", "));
        String savepointName = "ferry_seed_check";
        try (java.sql.Statement sp = c.createStatement()) {
            sp.execute("SAVEPOINT " + savepointName);
        }
        try (PreparedStatement cast = c.prepareStatement("SELECT count(ROW(" + casts + ")) FROM unnest(" + arrays
                + ") AS u (" + names + ")");
             PreparedStatement lossy = c.prepareStatement("SELECT v._ordinal, u._column FROM unnest(" + arrays
                     + ") WITH ORDINALITY AS v (" + names + ", _ordinal), LATERAL (VALUES " + columns.stream()
                     .map(col -> "(" + Quote.literal(col) + ", CAST(v." + Quote.ident(col) + " AS " + table.columns().get(col)
                             + ")::text IS DISTINCT FROM CAST(v." + Quote.ident(col) + " AS " + table.baseTypes().get(col)
                             + ")::text)").collect(Collectors.joining(", ")) + ") AS u (_column, _lossy)"
                     + " WHERE u._lossy ORDER BY v._ordinal LIMIT 1");
             PreparedStatement dupes = c.prepareStatement("SELECT min(u._ordinal), max(u._ordinal) FROM unnest(" + arrays
                     + ") WITH ORDINALITY AS u (" + names + ", _ordinal) GROUP BY " + keyCasts
                     + " HAVING count(*) > 1 ORDER BY 1 LIMIT 1")) {
            for (PreparedStatement ps : List.of(cast, lossy, dupes)) {
                for (int i = 0; i < columns.size(); i++) {
                    final int col = i;
                    ps.setArray(i + 1, c.createArrayOf("text", values.stream().map(v -> v.get(col)).toArray()));
                }
            }
            cast.executeQuery().close();
            try (ResultSet rs = lossy.executeQuery()) {
                if (rs.next()) {
                    String column = rs.getString(2);
                    throw context.invalid(fileName + " row " + rs.getLong(1) + ": the value of '" + column
                            + "' does not fit " + table.columns().get(column) + " (it would be cut or rounded)",
                            "fix the value in the file, or widen the column");
                }
            }
            try (ResultSet rs = dupes.executeQuery()) {
                if (rs.next()) {
                    throw context.invalid(fileName + " rows " + rs.getLong(1) + " and " + rs.getLong(2) + " have the same"
                            + " key " + key + " as the table compares it", "keep one row per key");
                }
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("22")) {
                throw context.invalid(fileName + " has a value that does not fit its column: "
                        + SqlErrors.oneLine(e.getMessage()), "fix the value in the file");
            }
            throw e;
        } finally {
            try (java.sql.Statement sp = c.createStatement()) {
                sp.execute("ROLLBACK TO SAVEPOINT " + savepointName);
            }
        }
    }

    /** A SHA-256 of the file's rows as read, so that an edited file is told from the one a run began. */
    private static String fingerprint(List<List<String>> values) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (List<String> row : values) {
                for (String v : row) {
                    sha.update(v == null ? new byte[] {0} : ("\u0001" + v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                sha.update((byte) '\n');
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Walks the file's rows by position. */
    private static final class FileWalker implements Walker {
        private final int rows;
        private final int maxBatch;

        /** {@code maxBatch}: the most rows one statement can bind, whatever the batch size asked for. */
        FileWalker(int rows, int maxBatch) {
            this.rows = rows;
            this.maxBatch = maxBatch;
        }

        @Override
        public Optional<Batch> next(Connection c, Optional<List<String>> after, int limit) {
            int done = after.map(a -> Integer.parseInt(a.get(0))).orElse(0);
            if (done >= rows) {
                return Optional.empty();
            }
            int upTo = (int) Math.min((long) done + Math.max(1, Math.min(limit, maxBatch)), rows);
            return Optional.of(new Batch(after, List.of(Integer.toString(upTo)), upTo - done));
        }

        @Override
        public Optional<Long> estimate(Connection c) {
            return Optional.of((long) rows);
        }

        @Override
        public List<String> keyNames() {
            return List.of("rows done");
        }
    }

    private static final class SeedWork implements BatchWork {
        private final Table table;
        private final List<String> key;
        private final List<String> columns;
        private final List<String> others;
        private final List<List<String>> values;
        private final boolean overriding;
        private final Map<String, Object> definition;
        private final FileWalker walker;

        SeedWork(Table table, List<String> key, List<String> columns, List<List<String>> values, boolean overriding,
                 Map<String, Object> definition) {
            this.table = table;
            this.key = key;
            this.columns = columns;
            this.others = columns.stream().filter(c -> !key.contains(c)).toList();
            this.values = values;
            this.overriding = overriding;
            this.definition = definition;
            // Each row binds its columns and an ordinal; the dry run binds one more, its LIMIT.
            this.walker = new FileWalker(values.size(), (MAX_PARAMETERS - 1) / (columns.size() + 1));
        }

        @Override
        public Walker walker() {
            return walker;
        }

        @Override
        public Map<String, Object> definition() {
            return definition;
        }

        private List<List<String>> rows(Batch batch) {
            int from = batch.after().map(a -> Integer.parseInt(a.get(0))).orElse(0);
            return values.subList(from, Integer.parseInt(batch.upTo().get(0)));
        }

        /** {@code (VALUES (CAST(? AS t1), ...), ...) AS v (c1, ...)} with an ordinal column last. */
        private String valuesSql(int count) {
            String row = columns.stream().map(c -> "CAST(? AS " + table.columns().get(c) + ")")
                    .collect(Collectors.joining(", ", "(", ", ?::int)"));
            return "(VALUES " + String.join(", ", java.util.Collections.nCopies(count, row)) + ") AS v ("
                    + columns.stream().map(Quote::ident).collect(Collectors.joining(", ")) + ", _ordinal)";
        }

        private int bindValues(PreparedStatement ps, int first, List<List<String>> rows) throws SQLException {
            int i = first;
            int ordinal = 0;
            for (List<String> row : rows) {
                for (String v : row) {
                    ps.setString(i++, v);
                }
                ps.setInt(i++, ordinal++);
            }
            return i;
        }

        private String keyMatch(String a, String b) {
            return key.stream().map(k -> a + "." + Quote.ident(k) + " = " + b + "." + Quote.ident(k))
                    .collect(Collectors.joining(" AND "));
        }

        private String differs(String a, String b) {
            return "ROW(" + others.stream().map(c -> a + "." + Quote.ident(c)).collect(Collectors.joining(", "))
                    + ") IS DISTINCT FROM ROW(" + others.stream().map(c -> b + "." + Quote.ident(c))
                    .collect(Collectors.joining(", ")) + ")";
        }

        @Override
        public BatchResult apply(Connection c, Batch batch) throws SQLException {
            List<List<String>> rows = rows(batch);
            long changed = 0;
            String target = table.sql();
            if (!others.isEmpty()) {
                String set = others.stream().map(o -> Quote.ident(o) + " = v." + Quote.ident(o))
                        .collect(Collectors.joining(", "));
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + target + " AS cur SET " + set + " FROM "
                        + valuesSql(rows.size()) + " WHERE " + keyMatch("cur", "v") + " AND " + differs("cur", "v"))) {
                    bindValues(ps, 1, rows);
                    changed += ps.executeUpdate();
                }
            }
            String cols = columns.stream().map(Quote::ident).collect(Collectors.joining(", "));
            String conflict = " ON CONFLICT (" + key.stream().map(Quote::ident).collect(Collectors.joining(", ")) + ") "
                    + (others.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + others.stream()
                    .map(o -> Quote.ident(o) + " = EXCLUDED." + Quote.ident(o)).collect(Collectors.joining(", "))
                    + " WHERE " + differs("cur", "EXCLUDED"));
            // Only rows not there yet reach the INSERT, so rows already present draw no sequence value;
            // ON CONFLICT covers a row another session inserts meanwhile.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + target + " AS cur (" + cols + ")"
                    + (overriding ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT "
                    + columns.stream().map(col -> "v." + Quote.ident(col)).collect(Collectors.joining(", "))
                    + " FROM " + valuesSql(rows.size()) + " WHERE NOT EXISTS (SELECT 1 FROM " + target + " AS cur WHERE "
                    + keyMatch("cur", "v") + ") ORDER BY v._ordinal" + conflict)) {
                bindValues(ps, 1, rows);
                changed += ps.executeUpdate();
            }
            return BatchResult.changed(changed);
        }

        @Override
        public BatchResult preview(Connection c, Batch batch, int samples) throws SQLException {
            List<List<String>> rows = rows(batch);
            StringBuilder sql = new StringBuilder("SELECT cur.ctid IS NULL");
            for (String k : key) {
                sql.append(", v.").append(Quote.ident(k)).append("::text");
            }
            for (String o : others) {
                sql.append(", cur.").append(Quote.ident(o)).append("::text, v.").append(Quote.ident(o)).append("::text");
            }
            sql.append(", count(*) OVER () FROM ").append(valuesSql(rows.size())).append(" LEFT JOIN ")
                    .append(table.sql()).append(" AS cur ON ").append(keyMatch("cur", "v"))
                    .append(" WHERE cur.ctid IS NULL");
            if (!others.isEmpty()) {
                sql.append(" OR ").append(differs("cur", "v"));
            }
            sql.append(" ORDER BY v._ordinal LIMIT ?");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = bindValues(ps, 1, rows);
                ps.setInt(i, Math.max(1, samples));
                long total = 0;
                List<Sample> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int col = 1;
                        boolean insert = rs.getBoolean(col++);
                        Map<String, String> k = new LinkedHashMap<>();
                        for (String name : key) {
                            k.put(name, rs.getString(col++));
                        }
                        Map<String, String> before = new LinkedHashMap<>();
                        Map<String, String> after = new LinkedHashMap<>();
                        for (String name : others) {
                            String was = rs.getString(col++);
                            String will = rs.getString(col++);
                            if (insert || !java.util.Objects.equals(was, will)) {
                                if (!insert) {
                                    before.put(name, was);
                                }
                                after.put(name, will);
                            }
                        }
                        total = rs.getLong(col);
                        if (found.size() < samples) {
                            found.add(new Sample(insert ? Sample.Action.INSERT : Sample.Action.UPDATE, k, before, after));
                        }
                    }
                }
                return new BatchResult(total, found);
            }
        }
    }
}
