package io.ferry.migration.testing;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A comparable description of a schema's tables, columns, indexes and constraints (Ferry's own left out). */
public final class Catalog {

    private Catalog() {
    }

    public static List<String> snapshot(TestDatabase db) throws SQLException {
        return snapshot(db, "public");
    }

    public static List<String> snapshot(TestDatabase db, String schema) throws SQLException {
        String s = "'" + schema.replace("'", "''") + "'";
        List<String> out = new ArrayList<>();
        for (List<String> row : db.query("SELECT table_name, table_type FROM information_schema.tables"
                + " WHERE table_schema = " + s + " AND table_name NOT LIKE 'ferry\\_%' ORDER BY 1")) {
            out.add("table " + row);
        }
        for (List<String> row : db.query("SELECT table_name, column_name, data_type, is_nullable, column_default"
                + " FROM information_schema.columns WHERE table_schema = " + s
                + " AND table_name NOT LIKE 'ferry\\_%' ORDER BY 1, 2")) {
            out.add("column " + row);
        }
        for (List<String> row : db.query("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = "
                + s + " AND tablename NOT LIKE 'ferry\\_%' ORDER BY 1, 2")) {
            out.add("index " + row);
        }
        for (List<String> row : db.query("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
                + " FROM pg_constraint WHERE connamespace = " + s + "::regnamespace"
                + " AND conrelid::regclass::text NOT LIKE '%ferry\\_%' ORDER BY 1, 2")) {
            out.add("constraint " + row);
        }
        for (List<String> row : db.query("SELECT p.proname, pg_get_function_identity_arguments(p.oid) FROM pg_proc p"
                + " WHERE p.pronamespace = " + s + "::regnamespace ORDER BY 1, 2")) {
            out.add("function " + row);
        }
        return out;
    }
}
