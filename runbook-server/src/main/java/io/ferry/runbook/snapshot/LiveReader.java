package io.ferry.runbook.snapshot;

import io.ferry.runbook.snapshot.Snapshot.Blocker;
import io.ferry.runbook.snapshot.Snapshot.BlockingSession;
import io.ferry.runbook.snapshot.Snapshot.Connections;
import io.ferry.runbook.snapshot.Snapshot.Permissions;
import io.ferry.runbook.snapshot.Snapshot.SchemaAccess;
import io.ferry.runbook.snapshot.Snapshot.TableSize;
import io.ferry.runbook.snapshot.Snapshot.Transaction;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sessions, connections, permissions and table sizes of one snapshot: a handful of queries on the
 * refresh's one connection, each reading every object at once. None of them takes a lock on a table, so a
 * refresh is never stuck behind the very lock it is meant to show: sizes come from
 * {@code pg_total_relation_size} except for a table someone holds or waits for exclusively, whose size is
 * then estimated from {@code pg_class.relpages}, and {@code lock_timeout} bounds the rest.
 */
final class LiveReader {

    /** What the database reports about itself and the role: one row. */
    private static final String DATABASE = "SELECT pg_database_size(current_database()),"
            + " current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int,"
            + " current_user::text, coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false),"
            + " has_database_privilege(current_database(), 'CREATE')";

    private static final String CONNECTIONS = "SELECT coalesce(state, 'unknown'), count(*)::int FROM pg_stat_activity"
            + " WHERE backend_type = 'client backend' GROUP BY 1";

    /** Each waiting session joined with each session it waits for, in pid order. */
    private static final String BLOCKERS = "SELECT w.pid, w.application_name, w.usename, w.state,"
            + " w.wait_event_type || ':' || w.wait_event, (SELECT string_agg(l.mode || ' on ' || CASE"
            + "   WHEN l.relation IS NOT NULL THEN l.relation::regclass::text"
            + "   WHEN l.locktype = 'transactionid' THEN 'transaction ' || l.transactionid::text"
            + "   ELSE l.locktype END, ', ' ORDER BY l.mode)"
            + "  FROM pg_locks l WHERE l.pid = w.pid AND NOT l.granted),"
            + " w.query_start, w.xact_start, b.pid, b.application_name, b.usename, b.state, b.xact_start"
            + " FROM pg_stat_activity w CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocking(pid)"
            + " LEFT JOIN pg_stat_activity b ON b.pid = blocking.pid"
            + " WHERE w.wait_event_type = 'Lock' AND w.datname = current_database()"
            + " ORDER BY w.pid, blocking.pid";

    private static final String LONG_TRANSACTIONS = "SELECT pid, application_name, usename, state,"
            + " wait_event_type || ':' || wait_event, xact_start, query_start FROM pg_stat_activity"
            + " WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            + " AND xact_start < statement_timestamp() - make_interval(secs => ?) ORDER BY xact_start, pid LIMIT 50";

    /** Ferry's schema first, then the role's search_path; each table counted, and the ones it may not alter or write. */
    private static final String PERMISSIONS = "WITH named AS (SELECT ?::text AS name, 0::bigint AS ord"
            + "  UNION ALL SELECT s, o FROM unnest(current_schemas(false)) WITH ORDINALITY AS p(s, o)),"
            + " targets AS (SELECT name, min(ord) AS ord FROM named GROUP BY name),"
            + " tables AS (SELECT c.oid, c.relname, c.relnamespace, c.relowner FROM pg_class c WHERE c.relkind IN ('r', 'p'))"
            + " SELECT t.name, n.oid IS NOT NULL, pg_get_userbyid(n.nspowner),"
            + " n.oid IS NOT NULL AND has_schema_privilege(n.oid, 'USAGE'),"
            + " n.oid IS NOT NULL AND has_schema_privilege(n.oid, 'CREATE'),"
            + " (SELECT count(*) FROM tables c WHERE c.relnamespace = n.oid)::int,"
            + " ARRAY(SELECT c.relname::text FROM tables c WHERE c.relnamespace = n.oid"
            + "   AND NOT pg_has_role(c.relowner, 'USAGE') ORDER BY c.relname LIMIT 10),"
            + " ARRAY(SELECT c.relname::text FROM tables c WHERE c.relnamespace = n.oid AND NOT ("
            + "   has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE')"
            + "   AND has_table_privilege(c.oid, 'DELETE')) ORDER BY c.relname LIMIT 10)"
            + " FROM targets t LEFT JOIN pg_namespace n ON n.nspname = t.name ORDER BY t.ord, t.name";

    /**
     * The largest tables. {@code pg_total_relation_size} opens the table (an ACCESS SHARE lock), which waits
     * behind an exclusive lock held or asked for: such a table's size is estimated from the catalog instead.
     */
    private static final String LARGEST_TABLES = "SELECT n.nspname, c.relname, coalesce(CASE"
            + "   WHEN EXISTS (SELECT 1 FROM pg_locks l WHERE l.relation = c.oid AND l.mode = 'AccessExclusiveLock')"
            + "   THEN c.relpages::bigint * current_setting('block_size')::bigint"
            + "   ELSE pg_total_relation_size(c.oid) END, 0) AS size"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'"
            + " ORDER BY size DESC, n.nspname, c.relname LIMIT " + Snapshot.LARGEST_TABLES;

    /** What one round read, besides the version and latency the ping read. */
    record Live(Long sizeBytes, List<Blocker> blockers, List<Transaction> longTransactions, Connections connections,
                Permissions permissions, List<TableSize> largestTables) {
    }

    private LiveReader() {
    }

    /** Reads it all on {@code c}, which this leaves with a {@code lock_timeout} set (the caller resets it). */
    static Live read(Connection c, String schema, Duration longTransaction) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '2s'");
        }
        long size;
        Connections connections;
        Permissions permissions;
        int max;
        int reserved;
        String role;
        boolean superuser;
        boolean createSchemas;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(DATABASE)) {
            rs.next();
            size = rs.getLong(1);
            max = rs.getInt(2);
            reserved = rs.getInt(3);
            role = rs.getString(4);
            superuser = rs.getBoolean(5);
            createSchemas = rs.getBoolean(6);
        }
        Map<String, Integer> byState = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CONNECTIONS)) {
            while (rs.next()) {
                byState.put(rs.getString(1), rs.getInt(2));
            }
        }
        connections = new Connections(byState.values().stream().mapToInt(Integer::intValue).sum(), max, reserved, byState);
        permissions = new Permissions(role, superuser, createSchemas, permissions(c, schema));
        return new Live(size, blockers(c), longTransactions(c, longTransaction), connections, permissions,
                largestTables(c));
    }

    private static List<Blocker> blockers(Connection c) throws SQLException {
        Map<Integer, Blocker> waiting = new LinkedHashMap<>();
        Map<Integer, List<BlockingSession>> blocking = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(BLOCKERS)) {
            while (rs.next()) {
                int pid = rs.getInt(1);
                List<BlockingSession> by = blocking.computeIfAbsent(pid, p -> new ArrayList<>());
                if (!waiting.containsKey(pid)) {
                    waiting.put(pid, new Blocker(pid, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), instant(rs, 7), instant(rs, 8), List.of()));
                }
                by.add(new BlockingSession(rs.getInt(9), rs.getString(10), rs.getString(11), rs.getString(12),
                        instant(rs, 13)));
            }
        }
        return waiting.values().stream().map(w -> new Blocker(w.pid(), w.application(), w.user(), w.state(),
                w.waitEvent(), w.waitingFor(), w.queryStart(), w.transactionStart(), blocking.get(w.pid()))).toList();
    }

    private static List<Transaction> longTransactions(Connection c, Duration threshold) throws SQLException {
        List<Transaction> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(LONG_TRANSACTIONS)) {
            ps.setDouble(1, threshold.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Transaction(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), instant(rs, 6), instant(rs, 7)));
                }
            }
        }
        return result;
    }

    private static List<SchemaAccess> permissions(Connection c, String schema) throws SQLException {
        List<SchemaAccess> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PERMISSIONS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new SchemaAccess(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getBoolean(4),
                            rs.getBoolean(5), rs.getInt(6), strings(rs.getArray(7)), strings(rs.getArray(8))));
                }
            }
        }
        return result;
    }

    private static List<TableSize> largestTables(Connection c) throws SQLException {
        List<TableSize> result = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LARGEST_TABLES)) {
            while (rs.next()) {
                result.add(new TableSize(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return result;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
