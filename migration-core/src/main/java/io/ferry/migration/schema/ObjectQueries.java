package io.ferry.migration.schema;

import static io.ferry.migration.schema.CatalogQuery.collationName;
import static io.ferry.migration.schema.CatalogQuery.comment;
import static io.ferry.migration.schema.CatalogQuery.notFromExtension;
import static io.ferry.migration.schema.CatalogQuery.strings;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The catalog queries for what is not a relation or on one: schemas, extensions, types, sequences,
 * routines. Each reads every object of its kind in the schemas asked for, in one query.
 */
final class ObjectQueries {

    /**
     * A type as the types query reads it: an enum ({@code e}, with labels), a domain ({@code d}, with its
     * base type, collation, default and nullability) or a composite type ({@code c}, whose attributes the
     * columns query reads).
     */
    record TypeRow(String schema, String name, char kind, List<String> labels, String baseType, String collation,
                   String defaultValue, boolean notNull, String comment) {

        RelationName relation() {
            return new RelationName(schema, name);
        }
    }

    /** The schemas asked for (all when none is), but the system's and those of extensions. */
    private static final String SCHEMAS = "SELECT n.nspname, d.description"
            + " FROM pg_namespace n CROSS JOIN (SELECT ?::text[] AS names) asked"
            + comment("d", "pg_namespace", "n.oid", "0")
            + " WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"
            + " AND " + notFromExtension("pg_namespace", "n.oid")
            + " AND (cardinality(asked.names) = 0 OR n.nspname = ANY (asked.names))";

    private static final String EXTENSIONS = "SELECT e.extname, n.nspname, e.extversion FROM pg_extension e"
            + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname = ANY (?)";

    private static final String TYPES = "SELECT n.nspname, t.typname, t.typtype,"
            + " CASE t.typtype WHEN 'e' THEN ARRAY(SELECT l.enumlabel::text FROM pg_enum l"
            + " WHERE l.enumtypid = t.oid ORDER BY l.enumsortorder) END,"
            + " CASE t.typtype WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod) END,"
            + " CASE WHEN t.typtype = 'd' AND t.typcollation <> b.typcollation THEN "
            + collationName("t.typcollation") + " END,"
            + " CASE t.typtype WHEN 'd' THEN pg_get_expr(t.typdefaultbin, 0) END,"
            + " t.typnotnull, d.description"
            + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
            + " LEFT JOIN pg_type b ON b.oid = t.typbasetype LEFT JOIN pg_class r ON r.oid = t.typrelid"
            + comment("d", "pg_type", "t.oid", "0")
            + " WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND r.relkind = 'c')) AND n.nspname = ANY (?)"
            + " AND " + notFromExtension("pg_type", "t.oid");

    /** Sequences, but those behind identity columns ({@code i}) and those of extensions ({@code e}). */
    private static final String SEQUENCES = "SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL),"
            + " s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,"
            + " o.nspname, o.relname, o.attname, d.description"
            + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN LATERAL (SELECT tn.nspname, t.relname, a.attname FROM pg_depend dep"
            + " JOIN pg_class t ON t.oid = dep.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
            + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = dep.refobjsubid"
            + " WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid"
            + " AND dep.refclassid = 'pg_class'::regclass AND dep.deptype = 'a' AND dep.refobjsubid > 0"
            + " LIMIT 1) o ON true"
            + comment("d", "pg_class", "c.oid", "0")
            + " WHERE n.nspname = ANY (?) AND NOT EXISTS (SELECT FROM pg_depend x"
            + " WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype IN ('i', 'e'))";

    private static final String ROUTINES = "SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),"
            + " p.prokind, CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END,"
            + " pg_get_functiondef(p.oid), d.description"
            + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            + comment("d", "pg_proc", "p.oid", "0")
            + " WHERE p.prokind IN ('f', 'p', 'w') AND n.nspname = ANY (?)"
            + " AND " + notFromExtension("pg_proc", "p.oid");

    private ObjectQueries() {
    }

    /** The schemas to read: those named (or every one but the system's, when none is) that exist. */
    static List<Schema> schemas(Connection c, List<String> named) throws SQLException {
        return CatalogQuery.list(c, SCHEMAS, c.createArrayOf("text", named.toArray()),
                rs -> new Schema(rs.getString(1), rs.getString(2)));
    }

    static List<Extension> extensions(Connection c, Array schemas) throws SQLException {
        return CatalogQuery.list(c, EXTENSIONS, schemas,
                rs -> new Extension(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    static List<TypeRow> types(Connection c, Array schemas) throws SQLException {
        return CatalogQuery.list(c, TYPES, schemas, rs -> new TypeRow(rs.getString(1), rs.getString(2),
                rs.getString(3).charAt(0), strings(rs, 4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getBoolean(8), rs.getString(9)));
    }

    static List<Sequence> sequences(Connection c, Array schemas) throws SQLException {
        return CatalogQuery.list(c, SEQUENCES, schemas, rs -> new Sequence(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                rs.getBoolean(9), rs.getString(10) == null ? null
                : new ColumnRef(rs.getString(10), rs.getString(11), rs.getString(12)), rs.getString(13)));
    }

    static List<Routine> routines(Connection c, Array schemas) throws SQLException {
        return CatalogQuery.list(c, ROUTINES, schemas, rs -> new Routine(rs.getString(1), rs.getString(2),
                rs.getString(3), "p".equals(rs.getString(4)) ? Routine.Kind.PROCEDURE : Routine.Kind.FUNCTION,
                rs.getString(5), rs.getString(6).stripTrailing(), rs.getString(7)));
    }
}
