package io.ferry.migration.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One catalog query over the schemas a snapshot reads, its rows mapped to values. */
final class CatalogQuery {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private CatalogQuery() {
    }

    /** Runs {@code sql}, whose one parameter is the array of schemas to read, and maps every row. */
    static <T> List<T> list(Connection c, String sql, Array schemas, Row<T> row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, schemas);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        }
    }

    /** A text array column as a list; empty for null. */
    static List<String> strings(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    /**
     * A two-dimensional text array column of (schema, name) pairs as relations; empty for null or an
     * empty array.
     */
    static List<RelationName> relationNames(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        Object value = array.getArray();
        List<RelationName> out = new ArrayList<>();
        if (value instanceof String[][] pairs) {
            for (String[] pair : pairs) {
                out.add(new RelationName(pair[0], pair[1]));
            }
        }
        return out;
    }

    /** A two-dimensional text array column of (schema, table, column) triples as columns; empty for null. */
    static List<ColumnRef> columnRefs(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        List<ColumnRef> out = new ArrayList<>();
        if (array != null && array.getArray() instanceof String[][] triples) {
            for (String[] triple : triples) {
                out.add(new ColumnRef(triple[0], triple[1], triple[2]));
            }
        }
        return out;
    }

    /** A relation from two nullable columns, null when the first is null. */
    static RelationName relation(ResultSet rs, int schemaColumn, int nameColumn) throws SQLException {
        String schema = rs.getString(schemaColumn);
        return schema == null ? null : new RelationName(schema, rs.getString(nameColumn));
    }

    /**
     * SQL: the object with this class and id is not part of an extension. (A hashed subquery, read once, costs
     * less than a probe of pg_depend per row.)
     */
    static String notFromExtension(String catalog, String oid) {
        return oid + " NOT IN (SELECT x.objid FROM pg_depend x WHERE x.classid = '" + catalog + "'::regclass"
                + " AND x.deptype = 'e')";
    }

    /** SQL: the comment of the object with this class, id and sub-id, joined as {@code alias}. */
    static String comment(String alias, String catalog, String oid, String subId) {
        return " LEFT JOIN pg_description " + alias + " ON " + alias + ".objoid = " + oid + " AND " + alias
                + ".classoid = '" + catalog + "'::regclass AND " + alias + ".objsubid = " + subId;
    }

    /** SQL: the name of the collation with this id, schema-qualified when it is not in pg_catalog. */
    static String collationName(String oid) {
        return "(SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)"
                + " ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END"
                + " FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = " + oid + ")";
    }
}
