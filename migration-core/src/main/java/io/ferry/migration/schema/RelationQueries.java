package io.ferry.migration.schema;

import static io.ferry.migration.schema.CatalogQuery.collationName;
import static io.ferry.migration.schema.CatalogQuery.columnRefs;
import static io.ferry.migration.schema.CatalogQuery.comment;
import static io.ferry.migration.schema.CatalogQuery.notFromExtension;
import static io.ferry.migration.schema.CatalogQuery.relation;
import static io.ferry.migration.schema.CatalogQuery.relationNames;
import static io.ferry.migration.schema.CatalogQuery.strings;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The catalog queries for relations and what is on them: tables, views, columns, constraints, indexes,
 * triggers, policies. Each reads every object of its kind in the schemas asked for, in one query.
 */
final class RelationQueries {

    /**
     * A table ({@code r}, {@code p}), view ({@code v}) or materialized view ({@code m}) as the relations query
     * reads it; the view columns are null for tables and the table columns for views.
     */
    record RelationRow(RelationName name, char kind, boolean unlogged, boolean rowSecurity, boolean forceRowSecurity,
                       String partitionKey, RelationName partitionOf, String partitionBound, String definition,
                       List<String> options, List<RelationName> dependsOn, List<ColumnRef> columnsRead,
                       String comment) {
    }

    /** A column of a table, view, materialized view or composite type. */
    record ColumnRow(RelationName relation, Column column) {
    }

    /** A constraint of a table (with {@code table} set) or of a domain (with {@code domain} set). */
    record ConstraintRow(RelationName table, RelationName domain, String name, char type, String definition,
                         boolean deferrable, boolean deferred, RelationName references, String comment) {
    }

    private static final String RELATIONS = "SELECT n.nspname, c.relname, c.relkind, c.relpersistence = 'u',"
            + " c.relrowsecurity, c.relforcerowsecurity,"
            + " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, pn.nspname, p.relname,"
            + " CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,"
            + " CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,"
            + " CASE WHEN c.relkind IN ('v', 'm') THEN c.reloptions END,"
            + " CASE WHEN c.relkind IN ('v', 'm') THEN ARRAY(SELECT DISTINCT ARRAY[rn.nspname::text, ref.relname::text]"
            + " FROM pg_rewrite w JOIN pg_depend dep ON dep.classid = 'pg_rewrite'::regclass AND dep.objid = w.oid"
            + " JOIN pg_class ref ON dep.refclassid = 'pg_class'::regclass AND ref.oid = dep.refobjid"
            + " JOIN pg_namespace rn ON rn.oid = ref.relnamespace"
            + " WHERE w.ev_class = c.oid AND ref.oid <> c.oid AND ref.relkind IN ('r', 'p', 'v', 'm', 'f')) END,"
            + " CASE WHEN c.relkind IN ('v', 'm') THEN ARRAY(SELECT DISTINCT"
            + " ARRAY[rn.nspname::text, ref.relname::text, a.attname::text]"
            + " FROM pg_rewrite w JOIN pg_depend dep ON dep.classid = 'pg_rewrite'::regclass AND dep.objid = w.oid"
            + " JOIN pg_class ref ON dep.refclassid = 'pg_class'::regclass AND ref.oid = dep.refobjid"
            + " JOIN pg_namespace rn ON rn.oid = ref.relnamespace"
            + " JOIN pg_attribute a ON a.attrelid = ref.oid AND a.attnum = dep.refobjsubid"
            + " WHERE w.ev_class = c.oid AND ref.oid <> c.oid AND dep.refobjsubid > 0) END,"
            + " d.description"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid"
            + " LEFT JOIN pg_class p ON p.oid = i.inhparent LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace"
            + comment("d", "pg_class", "c.oid", "0")
            + " WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname = ANY (?)"
            + " AND " + notFromExtension("pg_class", "c.oid");

    /**
     * Columns, each relation's in order of position (sorted by the server, which does it faster than a
     * command that has just started); a partition's columns that come from its parent are left out.
     */
    private static final String COLUMNS = "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),"
            + " CASE WHEN a.attcollation <> t.typcollation THEN " + collationName("a.attcollation") + " END,"
            + " pg_get_expr(ad.adbin, ad.adrelid), a.attnotnull, a.attidentity, a.attgenerated, d.description"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_type t ON t.oid = a.atttypid"
            + " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
            + comment("d", "pg_class", "c.oid", "a.attnum")
            + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'c')"
            + " AND n.nspname = ANY (?) AND NOT (c.relispartition AND a.attinhcount > 0) ORDER BY a.attrelid, a.attnum";

    /**
     * Constraints of tables (not the copies a partitioned table's constraints make on its partitions, nor
     * those only inherited) and the checks of domains. {@code NOT NULL} is the column's.
     */
    private static final String CONSTRAINTS = "SELECT n.nspname, c.relname, ty.typname, k.conname, k.contype,"
            + " COALESCE(%s, pg_get_constraintdef(k.oid)), k.condeferrable, k.condeferred, fn.nspname, f.relname,"
            + " d.description"
            + " FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace"
            + " LEFT JOIN pg_index ki ON ki.indexrelid = k.conindid AND k.contype IN ('p', 'u')"
            + " LEFT JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_type ty ON ty.oid = k.contypid"
            + " LEFT JOIN pg_class f ON f.oid = k.confrelid LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace"
            + comment("d", "pg_constraint", "k.oid", "0")
            + " WHERE n.nspname = ANY (?) AND ((k.conrelid <> 0 AND k.contype IN ('p', 'u', 'f', 'c', 'x')"
            + " AND k.conislocal AND k.conparentid = 0) OR (k.contypid <> 0 AND k.contype = 'c'))";

    /**
     * The newest major version on which definitions are made from the catalogs (the tests hold them to the
     * server's own on PostgreSQL 17 and 15); a newer server deparses every one.
     */
    static final int NEWEST_PROVEN = 17;

    /**
     * Indexes of tables and materialized views, but those a constraint stands for and the partitions of a
     * partitioned table's index.
     */
    private static final String INDEXES = "SELECT n.nspname, t.relname, c.relname,"
            + " COALESCE(%s, pg_get_indexdef(c.oid)), i.indisvalid, c.relkind = 'I', d.description"
            + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + comment("d", "pg_class", "c.oid", "0")
            + " WHERE t.relkind IN ('r', 'p', 'm') AND n.nspname = ANY (?) AND NOT c.relispartition"
            + " AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = c.oid AND k.conrelid = t.oid"
            + " AND k.contype IN ('p', 'u', 'x'))"
            + " AND " + notFromExtension("pg_class", "c.oid");

    /**
     * SQL, over {@code pg_index i}, its index {@code c}, its table {@code t} and their schema {@code n}: the
     * definition of a plain index, word for word as {@code pg_get_indexdef} writes it, or null for any other
     * index (which {@code pg_get_indexdef} then writes). Plain: a B-tree index, not a partitioned table's,
     * of columns (no expression, no {@code WHERE}, no {@code INCLUDE}, no storage options, no {@code NULLS
     * NOT DISTINCT} from PostgreSQL 15), each with its type's own default operator class (without
     * options) and its own collation. Made in one pass over the catalogs, it costs the server a fraction of deparsing the index:
     * {@code pg_get_indexdef} looks up the index, its table and each column one at a time, on catalog caches
     * that are cold in a new session, which on a large schema was most of a snapshot's work on the server.
     * {@code PlainIndexDefinitionTest} holds the two to the same text on every kind of index; on a server
     * newer than those it has run on ({@value #NEWEST_PROVEN}), {@code pg_get_indexdef} writes them all.
     */
    static String plainIndexDefinition(int serverMajor) {
        if (serverMajor > NEWEST_PROVEN) {
            return "NULL";
        }
        return "CASE WHEN c.relkind = 'i' AND c.relam = (SELECT am.oid FROM pg_am am WHERE am.amname = 'btree')"
                + " AND i.indexprs IS NULL AND i.indpred IS NULL AND i.indnkeyatts = i.indnatts AND c.reloptions IS NULL"
                + " AND NOT EXISTS (SELECT FROM pg_attribute ia WHERE ia.attrelid = i.indexrelid"
                + " AND ia.attoptions IS NOT NULL)"
                + (serverMajor >= 15 ? " AND NOT i.indnullsnotdistinct" : "")
                + " THEN 'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX '"
                + " || quote_ident(c.relname) || ' ON ' || quote_ident(n.nspname) || '.' || quote_ident(t.relname)"
                + " || ' USING btree (' || (SELECT CASE WHEN bool_and(o.opcdefault AND o.opcintype = a.atttypid"
                + " AND k.coll IN (0, a.attcollation)) THEN string_agg(quote_ident(a.attname) || CASE k.opt & 3"
                + " WHEN 1 THEN ' DESC NULLS LAST' WHEN 2 THEN ' NULLS FIRST' WHEN 3 THEN ' DESC' ELSE '' END, ', '"
                + " ORDER BY k.n) END"
                + " FROM unnest(i.indkey::int2[], i.indclass::oid[], i.indcollation::oid[], i.indoption::int2[])"
                + " WITH ORDINALITY AS k(attnum, cls, coll, opt, n)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " JOIN pg_opclass o ON o.oid = k.cls) || ')' END";
    }

    /** Triggers, but those PostgreSQL makes itself (for foreign keys) and the partitions' copies. */
    private static final String TRIGGERS = "SELECT n.nspname, c.relname, g.tgname, pg_get_triggerdef(g.oid),"
            + " g.tgenabled, d.description"
            + " FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + comment("d", "pg_trigger", "g.oid", "0")
            + " WHERE NOT g.tgisinternal AND g.tgparentid = 0 AND n.nspname = ANY (?)";

    private static final String POLICIES = "SELECT n.nspname, c.relname, p.polname, p.polpermissive, p.polcmd,"
            + " ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE ro.rolname::text END"
            + " FROM unnest(p.polroles) AS r(oid) LEFT JOIN pg_roles ro ON ro.oid = r.oid),"
            + " pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), d.description"
            + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + comment("d", "pg_policy", "p.oid", "0")
            + " WHERE n.nspname = ANY (?)";

    /**
     * SQL, over {@code pg_constraint k} and, for a key, its index {@code ki}: the definition of a plain primary
     * key or unique constraint, word for word as {@code pg_get_constraintdef} writes it, or null for any
     * other constraint. Plain: of columns, without {@code INCLUDE} or {@code NULLS NOT DISTINCT}. As {@link #plainIndexDefinition}, made in one pass instead
     * of a deparse per constraint; {@code PlainIndexDefinitionTest} holds the two to the same text.
     */
    static String plainKeyDefinition(int serverMajor) {
        if (serverMajor > NEWEST_PROVEN) {
            return "NULL";
        }
        return "CASE WHEN k.contype IN ('p', 'u') AND ki.indnkeyatts = ki.indnatts AND ki.indexprs IS NULL"
                + (serverMajor >= 15 ? " AND NOT ki.indnullsnotdistinct" : "")
                + " THEN CASE k.contype WHEN 'p' THEN 'PRIMARY KEY (' ELSE 'UNIQUE (' END"
                + " || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY x.n)"
                + " FROM unnest(k.conkey) WITH ORDINALITY AS x(attnum, n)"
                + " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.attnum) || ')'"
                + " || CASE WHEN k.condeferrable THEN ' DEFERRABLE' ELSE '' END"
                + " || CASE WHEN k.condeferred THEN ' INITIALLY DEFERRED' ELSE '' END"
                + " || CASE WHEN k.convalidated THEN '' ELSE ' NOT VALID' END END";
    }

    private RelationQueries() {
    }

    static List<RelationRow> relations(Connection c, Array schemas) throws SQLException {
        return CatalogQuery.list(c, RELATIONS, schemas, rs -> new RelationRow(
                new RelationName(rs.getString(1), rs.getString(2)), rs.getString(3).charAt(0), rs.getBoolean(4),
                rs.getBoolean(5), rs.getBoolean(6), rs.getString(7), relation(rs, 8, 9), rs.getString(10),
                viewDefinition(rs.getString(11)), strings(rs, 12), relationNames(rs, 13), columnRefs(rs, 14), rs.getString(15)));
    }

    static List<ColumnRow> columns(Connection c, Array schemas) throws SQLException {
        return CatalogQuery.list(c, COLUMNS, schemas, rs -> {
            boolean generated = "s".equals(rs.getString(9));
            String expression = rs.getString(6);
            return new ColumnRow(new RelationName(rs.getString(1), rs.getString(2)), new Column(rs.getString(3),
                    rs.getString(4), rs.getString(5), generated ? null : expression, rs.getBoolean(7),
                    identity(rs.getString(8)), generated ? expression : null, rs.getString(10)));
        });
    }

    static List<ConstraintRow> constraints(Connection c, Array schemas) throws SQLException {
        String sql = String.format(CONSTRAINTS, plainKeyDefinition(c.getMetaData().getDatabaseMajorVersion()));
        return CatalogQuery.list(c, sql, schemas, rs -> {
            String schema = rs.getString(1);
            String table = rs.getString(2);
            String domain = rs.getString(3);
            return new ConstraintRow(table == null ? null : new RelationName(schema, table),
                    domain == null ? null : new RelationName(schema, domain), rs.getString(4),
                    rs.getString(5).charAt(0), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8),
                    relation(rs, 9, 10), rs.getString(11));
        });
    }

    static List<Index> indexes(Connection c, Array schemas) throws SQLException {
        String sql = String.format(INDEXES, plainIndexDefinition(c.getMetaData().getDatabaseMajorVersion()));
        return CatalogQuery.list(c, sql, schemas, rs -> {
            String definition = rs.getString(4);
            if (rs.getBoolean(6)) {
                // pg_get_indexdef writes a partitioned table's index as ON ONLY, which would index the parent
                // alone; the statement that made it indexed the partitions too.
                definition = definition.replaceFirst(" ON ONLY ", " ON ");
            }
            return new Index(rs.getString(1), rs.getString(2), rs.getString(3), definition, rs.getBoolean(5),
                    rs.getString(7));
        });
    }

    static List<Trigger> triggers(Connection c, Array schemas) throws SQLException {
        return CatalogQuery.list(c, TRIGGERS, schemas, rs -> new Trigger(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), firing(rs.getString(5)), rs.getString(6)));
    }

    static List<Policy> policies(Connection c, Array schemas) throws SQLException {
        return CatalogQuery.list(c, POLICIES, schemas, rs -> new Policy(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getBoolean(4), command(rs.getString(5)), strings(rs, 6), rs.getString(7),
                rs.getString(8), rs.getString(9)));
    }

    /** A view's query without the final semicolon and surrounding blanks {@code pg_get_viewdef} adds. */
    private static String viewDefinition(String definition) {
        if (definition == null) {
            return null;
        }
        String d = definition.strip();
        return d.endsWith(";") ? d.substring(0, d.length() - 1).stripTrailing() : d;
    }

    private static Column.Identity identity(String code) {
        return switch (code == null ? "" : code) {
            case "a" -> Column.Identity.ALWAYS;
            case "d" -> Column.Identity.BY_DEFAULT;
            default -> Column.Identity.NONE;
        };
    }

    private static Trigger.Firing firing(String code) {
        return switch (code) {
            case "D" -> Trigger.Firing.DISABLED;
            case "R" -> Trigger.Firing.REPLICA;
            case "A" -> Trigger.Firing.ALWAYS;
            default -> Trigger.Firing.ORIGIN;
        };
    }

    private static String command(String code) {
        return switch (code) {
            case "r" -> "SELECT";
            case "a" -> "INSERT";
            case "w" -> "UPDATE";
            case "d" -> "DELETE";
            default -> "ALL";
        };
    }
}
