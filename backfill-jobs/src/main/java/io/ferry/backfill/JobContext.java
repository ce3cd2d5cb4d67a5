package io.ferry.backfill;

import io.ferry.migration.api.FerryException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a job sees while it prepares: a connection to read the catalog with (never to change anything;
 * preparing runs in a read-only transaction), the directory of the project file, and helpers that turn
 * configured names into {@link Table}s.
 */
public final class JobContext {

    private final Connection connection;
    private final Path projectDir;
    private final JobOptions options;

    public JobContext(Connection connection, Path projectDir, JobOptions options) {
        this.connection = connection;
        this.projectDir = projectDir;
        this.options = options;
    }

    public Connection connection() {
        return connection;
    }

    /** Where relative file names in the job (a seed file) are resolved: the project file's directory. */
    public Path projectDir() {
        return projectDir;
    }

    public JobOptions options() {
        return options;
    }

    /**
     * The table named by the job's {@code table} key and a walker over its {@code key}, checked against
     * the catalog: where most jobs start.
     */
    public KeysetWalker walker() throws SQLException {
        Table table = table("table", options.string("table"));
        List<String> key = options.names("key");
        requireWalkableKey(table, key);
        return new KeysetWalker(table, key);
    }

    /**
     * A job's definition, begun with its type, table and key: add whatever else decides which rows it
     * changes and how (see {@link BatchWork#definition()}).
     */
    public Map<String, Object> definition(String type, KeysetWalker walker) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("type", type);
        definition.put("table", walker.table().display());
        definition.put("key", walker.keyNames());
        return definition;
    }

    /**
     * The table a configured name means: {@code schema.table}, or a bare name looked up along the
     * {@code search_path} as the application would. Names are exact (as the catalog spells them).
     *
     * @throws FerryException {@link BackfillErrorCode#INVALID_BACKFILL} when there is no such table
     */
    public Table table(String key, String configured) throws SQLException {
        String[] parts = configured.split("\\.", -1);
        if (parts.length > 2) {
            throw options.invalid(key + " '" + configured + "' has more than one dot",
                    "write a table name, optionally with its schema: schema.table");
        }
        for (String p : parts) {
            checkName(key, p);
        }
        String schema = parts.length == 2 ? parts[0] : null;
        String name = parts[parts.length - 1];
        String sql = schema != null
                ? "SELECT c.oid, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')"
                : "SELECT c.oid, n.nspname FROM unnest(current_schemas(false)) WITH ORDINALITY AS s(name, pos)"
                        + " JOIN pg_namespace n ON n.nspname = s.name JOIN pg_class c ON c.relnamespace = n.oid"
                        + " WHERE c.relname = ? AND c.relkind IN ('r', 'p') ORDER BY s.pos LIMIT 1";
        long oid;
        String foundSchema;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            if (schema != null) {
                ps.setString(i++, schema);
            }
            ps.setString(i, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw options.invalid(key + " '" + configured + "' is not a table in this database"
                                    + (schema == null ? " (looked along the search_path)" : ""),
                            "check the name (names are exact: unquoted names in SQL are lower case), and that the"
                                    + " migrations that create it have run");
                }
                oid = rs.getLong(1);
                foundSchema = rs.getString(2);
            }
        }
        Map<String, String> columns = new LinkedHashMap<>();
        Map<String, String> baseTypes = new LinkedHashMap<>();
        List<String> notNull = new ArrayList<>();
        List<String> identity = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT attname, format_type(atttypid, atttypmod), attnotnull, attidentity = 'a',"
                        + " format_type(atttypid, NULL) FROM pg_attribute"
                        + " WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                    baseTypes.put(rs.getString(1), rs.getString(5));
                    if (rs.getBoolean(3)) {
                        notNull.add(rs.getString(1));
                    }
                    if (rs.getBoolean(4)) {
                        identity.add(rs.getString(1));
                    }
                }
            }
        }
        List<List<String>> unique = new ArrayList<>();
        List<List<String>> ordered = new ArrayList<>();
        // "ordered": a btree whose key columns all use the default operator class, ascending, in the
        // column's own collation, so that ORDER BY key and key > $1 are served by it as a range scan.
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, pos)"
                        + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                        + " WHERE k.pos <= i.indnkeyatts ORDER BY k.pos)::text[],"
                        + " am.amname = 'btree' AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[], i.indclass::oid[],"
                        + " i.indcollation::oid[], i.indoption::int2[]) WITH ORDINALITY AS k(attnum, opclass, coll, opt, pos)"
                        + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                        + " JOIN pg_opclass oc ON oc.oid = k.opclass"
                        + " WHERE k.pos <= i.indnkeyatts AND (k.opt <> 0 OR NOT oc.opcdefault OR k.coll <> a.attcollation))"
                        + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam"
                        + " WHERE i.indrelid = ? AND i.indisunique AND i.indisvalid"
                        + " AND i.indpred IS NULL AND i.indexprs IS NULL ORDER BY i.indisprimary DESC, i.indexrelid")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array a = rs.getArray(1);
                    List<String> cols = List.of((String[]) a.getArray());
                    unique.add(cols);
                    if (rs.getBoolean(2)) {
                        ordered.add(cols);
                    }
                }
            }
        }
        return new Table(foundSchema, name, columns, baseTypes, unique, ordered, notNull, identity);
    }

    /** Checks that the table has each column. */
    public void requireColumns(Table table, String key, List<String> columns) {
        for (String c : columns) {
            checkName(key, c);
            if (!table.hasColumn(c)) {
                throw options.invalid(key + ": " + table.display() + " has no column '" + c + "'",
                        "its columns are " + String.join(", ", table.columns().keySet()));
            }
        }
    }

    /**
     * Checks that {@code key} can walk the table: its columns, in this order, are a unique index's (the
     * primary key's, usually) and none can be NULL, so that {@code key > last} never skips or repeats a
     * row and each batch is an index range scan.
     */
    public void requireWalkableKey(Table table, List<String> key) {
        requireColumns(table, "key", key);
        if (table.uniqueKeys().contains(key) && !table.orderedKeys().contains(key)) {
            throw options.invalid("the unique index on " + key + " of " + table.display() + " does not keep the keys"
                    + " in their plain ascending order (a descending column, another operator class or collation)",
                    "create a plain unique btree index on these columns, or use the primary key");
        }
        if (!table.uniqueKeys().contains(key)) {
            throw options.invalid("key " + key + " of " + table.display() + " is not the column list of a unique index",
                    "use the primary key" + table.uniqueKeys().stream().findFirst().map(k -> " " + k).orElse("")
                            + ", or create a unique index on exactly these columns in this order");
        }
        for (String c : key) {
            if (!table.notNull().contains(c)) {
                throw options.invalid("key column '" + c + "' of " + table.display() + " may be NULL, and rows with"
                        + " a NULL key would never be visited", "declare it NOT NULL, or use the primary key");
            }
        }
    }

    /** Checks that some unique index has exactly these columns (in any order), as ON CONFLICT needs. */
    public void requireUniqueColumns(Table table, List<String> columns) {
        requireColumns(table, "key", columns);
        boolean found = table.uniqueKeys().stream().anyMatch(k -> k.size() == columns.size()
                && new HashSet<>(k).equals(new HashSet<>(columns)));
        if (!found) {
            throw options.invalid("key " + columns + " of " + table.display() + " has no unique index",
                    "create a unique index on these columns, so that rows can be matched by them");
        }
    }

    /** The file a job names, resolved against the project directory; it must exist. */
    public Path file(String key, String name) {
        Path p = projectDir.resolve(name).normalize();
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw options.invalid(key + " '" + name + "' does not exist (looked for " + p + ")",
                    "give the path relative to ferry.yaml");
        }
        return p;
    }

    private void checkName(String key, String name) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 63
                || name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw options.invalid(key + ": '" + name + "' is not a valid name",
                    "PostgreSQL names are 1 to 63 bytes without control characters");
        }
    }

    /** An {@link BackfillErrorCode#INVALID_BACKFILL} error about this job. */
    public FerryException invalid(String problem, String hint) {
        return options.invalid(problem, hint);
    }
}
