package io.ferry.backfill;

import io.ferry.migration.testing.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Generated tables with a known mix of rows that need a backfill and rows that do not. */
final class Fixtures {

    /** The hash of the contract, written out independently of the job's code. */
    static final String HASH_SQL = "encode(sha256(convert_to(coalesce(title, '') || E'\\x1f' || coalesce(body, ''),"
            + " 'UTF8')), 'hex')";

    private Fixtures() {
    }

    /**
     * {@code templates(id, title, body, variants, content_hash)} with {@code rows} rows: a quarter hashed
     * correctly, a quarter unhashed, a quarter with a stale hash, a quarter correct again; some bodies NULL
     * and some not ASCII; variants of every shape json-normalize handles.
     */
    static void templates(TestDatabase db, String table, int rows) throws SQLException {
        db.execute("DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL,"
                        + " body text, variants jsonb, content_hash text)",
                "INSERT INTO " + table + " (title, body, variants) SELECT 'title ' || i,"
                        + " CASE WHEN i % 7 = 0 THEN NULL WHEN i % 7 = 1 THEN 'Grüße, ' || i || ' – ✓' ELSE 'body ' || i END,"
                        + " CASE i % 9"
                        + "   WHEN 0 THEN NULL"
                        + "   WHEN 1 THEN 'null'::jsonb"
                        + "   WHEN 2 THEN jsonb_build_object('Name', 'v' || i, 'Lang', 'en')"
                        + "   WHEN 3 THEN jsonb_build_array(jsonb_build_object('name', 'a'), jsonb_build_object('name', 'a'))"
                        + "   WHEN 4 THEN jsonb_build_array(jsonb_build_object('NAME', 'b' || i), 'x', 'x')"
                        + "   WHEN 5 THEN '[]'::jsonb"
                        + "   ELSE jsonb_build_array(jsonb_build_object('name', 'v' || i)) END"
                        + " FROM generate_series(1, " + rows + ") AS i",
                "UPDATE " + table + " SET content_hash = CASE id % 4 WHEN 1 THEN NULL WHEN 2 THEN 'stale'"
                        + " ELSE " + HASH_SQL + " END",
                "VACUUM ANALYZE " + table);
    }

    /** {@code parents(id)} and {@code children(id, parent_id, created_at)}, some children orphaned. */
    static void orphans(TestDatabase db, int rows) throws SQLException {
        db.execute("DROP TABLE IF EXISTS children, children_archive, parents",
                "CREATE TABLE parents (id bigint PRIMARY KEY)",
                "INSERT INTO parents SELECT i FROM generate_series(1, " + rows + ") AS i WHERE i % 10 <> 3",
                "CREATE TABLE children (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id bigint,"
                        + " note text, created_at timestamptz NOT NULL)",
                "INSERT INTO children (parent_id, note, created_at) SELECT CASE WHEN i % 50 = 0 THEN NULL ELSE i END,"
                        + " 'note ' || i, now() - (i % 60) * interval '1 day' FROM generate_series(1, " + rows + ") AS i",
                "CREATE TABLE children_archive (LIKE children)",
                "VACUUM ANALYZE children");
    }

    /** A fingerprint of a table's whole contents, in key order. */
    static String contents(TestDatabase db, String table, String key) throws SQLException {
        return db.column("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY " + key + ")), '')"
                + " FROM " + table + " AS t").get(0);
    }

    /** Every sequence of the database with its position. */
    static List<List<String>> sequences(TestDatabase db) throws SQLException {
        return db.query("SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2");
    }

    /** The backfill tables' contents, or "absent". */
    static String runs(TestDatabase db) throws SQLException {
        if (db.column("SELECT to_regclass('public.ferry_backfill_runs') IS NULL").get(0).equals("t")) {
            return "absent";
        }
        return contents(db, "ferry_backfill_runs", "id") + "/" + contents(db, "ferry_backfill_batches", "run_id, batch");
    }

    static Backfills backfills(TestDatabase db, java.nio.file.Path dir, JobDefinition... jobs) {
        return Backfills.configure().dataSource(db.dataSource()).projectDir(dir).jobs(List.of(jobs)).load();
    }

    static JobDefinition job(String name, String type, Map<String, ?> options) {
        return new JobDefinition(name, type, new JobOptions(name, options));
    }
}
