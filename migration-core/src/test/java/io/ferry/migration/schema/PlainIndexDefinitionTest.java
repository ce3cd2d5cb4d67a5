package io.ferry.migration.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot writes a plain index's definition from the catalogs in one pass instead of asking
 * {@code pg_get_indexdef}: the text must be the same, word for word, on the server at hand, and every index
 * that is not plain must be left to {@code pg_get_indexdef}.
 */
class PlainIndexDefinitionTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static int major;

    @BeforeAll
    static void indexesOfEveryShape() throws SQLException {
        try (Connection c = db.connect()) {
            major = c.getMetaData().getDatabaseMajorVersion();
        }
        db.execute("CREATE SCHEMA \"Ix Schema\"",
                "CREATE DOMAIN \"Ix Schema\".whole AS integer",
                "CREATE TABLE \"Ix Schema\".t (id int, \"Mixed Case\" text, v varchar(20), n numeric, at timestamptz,"
                        + " c text COLLATE \"C\", arr int[], r int4range, w \"Ix Schema\".whole, \"select\" int)",
                // plain
                "CREATE INDEX t_id_idx ON \"Ix Schema\".t (id)",
                "CREATE UNIQUE INDEX t_id_n_key ON \"Ix Schema\".t (id, n)",
                "CREATE INDEX \"Quoted Index\" ON \"Ix Schema\".t (\"Mixed Case\" DESC)",
                "CREATE INDEX t_n_desc_nulls_last ON \"Ix Schema\".t (n DESC NULLS LAST)",
                "CREATE INDEX t_at_nulls_first ON \"Ix Schema\".t (at NULLS FIRST)",
                "CREATE INDEX t_at_desc_nulls_first ON \"Ix Schema\".t (at DESC NULLS FIRST)",
                "CREATE INDEX t_at_asc_nulls_last ON \"Ix Schema\".t (at ASC NULLS LAST)",
                "CREATE INDEX t_c_same_collation ON \"Ix Schema\".t (c COLLATE \"C\")",
                "CREATE INDEX t_keyword ON \"Ix Schema\".t (\"select\")",
                "CREATE INDEX t_several ON \"Ix Schema\".t (id DESC, at, n NULLS FIRST, \"Mixed Case\")",
                "CREATE MATERIALIZED VIEW \"Ix Schema\".mv AS SELECT id FROM \"Ix Schema\".t",
                "CREATE INDEX mv_id ON \"Ix Schema\".mv (id)",
                // not plain
                "CREATE INDEX t_other_collation ON \"Ix Schema\".t (\"Mixed Case\" COLLATE \"C\")",
                "CREATE INDEX t_pattern ON \"Ix Schema\".t (\"Mixed Case\" text_pattern_ops)",
                "CREATE INDEX t_varchar ON \"Ix Schema\".t (v)",
                "CREATE INDEX t_domain ON \"Ix Schema\".t (w)",
                "CREATE INDEX t_expression ON \"Ix Schema\".t (lower(\"Mixed Case\"))",
                "CREATE INDEX t_partial ON \"Ix Schema\".t (id) WHERE id > 0",
                "CREATE INDEX t_include ON \"Ix Schema\".t (id) INCLUDE (n)",
                "CREATE INDEX t_fillfactor ON \"Ix Schema\".t (id) WITH (fillfactor = 70)",
                "CREATE INDEX t_hash ON \"Ix Schema\".t USING hash (id)",
                "CREATE INDEX t_gin ON \"Ix Schema\".t USING gin (arr)",
                "CREATE INDEX t_gist ON \"Ix Schema\".t USING gist (r)",
                "CREATE TABLE \"Ix Schema\".p (id int, at date) PARTITION BY RANGE (at)",
                "CREATE INDEX p_at ON \"Ix Schema\".p (at)",
                // keys: plain
                "CREATE TABLE \"Ix Schema\".k (id int PRIMARY KEY, \"Code No\" text, a int, b int, \"from\" int,"
                        + " UNIQUE (\"Code No\", a), CONSTRAINT k_b_deferred UNIQUE (b) DEFERRABLE INITIALLY DEFERRED,"
                        + " CONSTRAINT k_from_deferrable UNIQUE (\"from\") DEFERRABLE)",
                "CREATE TABLE \"Ix Schema\".k2 (x int, y int, CONSTRAINT k2_pkey PRIMARY KEY (y, x))",
                // keys: not plain, and the other kinds of constraint
                "ALTER TABLE \"Ix Schema\".k ADD CONSTRAINT k_a_include UNIQUE (a) INCLUDE (b),"
                        + " ADD CONSTRAINT k_a_check CHECK (a > 0), ADD CONSTRAINT k_b_fk FOREIGN KEY (b)"
                        + " REFERENCES \"Ix Schema\".k (id), ADD CONSTRAINT k_no_overlap EXCLUDE USING gist"
                        + " (int4range(a, b) WITH &&)",
                "ALTER TABLE \"Ix Schema\".k2 ADD CONSTRAINT k2_x_unvalidated CHECK (x > 0) NOT VALID",
                "CREATE UNIQUE INDEX t_n_id_key ON \"Ix Schema\".t (n, id)",
                "ALTER TABLE \"Ix Schema\".t ADD CONSTRAINT t_id_key UNIQUE USING INDEX t_n_id_key");
        if (major >= 15) {
            db.execute("CREATE UNIQUE INDEX t_nulls_not_distinct ON \"Ix Schema\".t (id) NULLS NOT DISTINCT",
                    "ALTER TABLE \"Ix Schema\".k ADD CONSTRAINT k_nnd UNIQUE NULLS NOT DISTINCT (a, b)");
        }
    }

    @Test
    void writesEveryPlainIndexAsPgGetIndexdefDoesAndLeavesTheRestToIt() throws SQLException {
        Map<String, String> plain = new HashMap<>();
        Map<String, String> deparsed = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path = pg_catalog"); // as a snapshot reads
            try (ResultSet rs = s.executeQuery("SELECT c.relname, " + RelationQueries.plainIndexDefinition(major)
                    + ", pg_get_indexdef(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'Ix Schema'")) {
                while (rs.next()) {
                    if (rs.getString(2) != null) {
                        plain.put(rs.getString(1), rs.getString(2));
                    }
                    deparsed.put(rs.getString(1), rs.getString(3));
                }
            }
        }
        assertThat(plain).as("the indexes written from the catalogs").containsOnlyKeys("t_id_idx", "t_id_n_key",
                "Quoted Index", "t_n_desc_nulls_last", "t_at_nulls_first", "t_at_desc_nulls_first",
                "t_at_asc_nulls_last", "t_c_same_collation", "t_keyword", "t_several", "mv_id",
                // the keys' own indexes
                "k_pkey", "k_Code No_a_key", "k_b_deferred", "k_from_deferrable", "k2_pkey", "t_id_key");
        plain.forEach((name, definition) -> assertThat(definition).as(name).isEqualTo(deparsed.get(name)));
        assertThat(plain.get("Quoted Index"))
                .isEqualTo("CREATE INDEX \"Quoted Index\" ON \"Ix Schema\".t USING btree (\"Mixed Case\" DESC)");
    }

    @Test
    void writesEveryPlainKeyAsPgGetConstraintdefDoesAndLeavesTheRestToIt() throws SQLException {
        Map<String, String> plain = new HashMap<>();
        Map<String, String> deparsed = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path = pg_catalog");
            try (ResultSet rs = s.executeQuery("SELECT k.conname, " + RelationQueries.plainKeyDefinition(major)
                    + ", pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace"
                    + " LEFT JOIN pg_index ki ON ki.indexrelid = k.conindid AND k.contype IN ('p', 'u')"
                    + " WHERE n.nspname = 'Ix Schema'")) {
                while (rs.next()) {
                    if (rs.getString(2) != null) {
                        plain.put(rs.getString(1), rs.getString(2));
                    }
                    deparsed.put(rs.getString(1), rs.getString(3));
                }
            }
        }
        assertThat(deparsed).containsKeys("k_a_include", "k_a_check", "k_b_fk", "k_no_overlap", "k2_x_unvalidated");
        assertThat(plain).as("the keys written from the catalogs").containsOnlyKeys("k_pkey", "k_Code No_a_key",
                "k_b_deferred", "k_from_deferrable", "k2_pkey", "t_id_key");
        plain.forEach((name, definition) -> assertThat(definition).as(name).isEqualTo(deparsed.get(name)));
        assertThat(plain.get("k_b_deferred")).isEqualTo("UNIQUE (b) DEFERRABLE INITIALLY DEFERRED");
    }

    @Test
    void aSnapshotHoldsEveryIndexAndKeyAsTheServerDeparsesThem() throws SQLException {
        SchemaSnapshot snapshot;
        Map<String, String> deparsed = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            snapshot = SchemaSnapshot.read(c, SchemaScope.schemas("Ix Schema"));
            s.execute("SET search_path = pg_catalog");
            try (ResultSet rs = s.executeQuery("SELECT c.relname, replace(pg_get_indexdef(c.oid), ' ON ONLY ', ' ON ')"
                    + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'Ix Schema'"
                    + " UNION ALL SELECT k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k"
                    + " JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = 'Ix Schema'")) {
                while (rs.next()) {
                    deparsed.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        assertThat(snapshot.indexes()).hasSizeGreaterThan(20);
        snapshot.indexes().forEach(i -> assertThat(i.definition()).as(i.name()).isEqualTo(deparsed.get(i.name())));
        assertThat(snapshot.constraints()).hasSizeGreaterThan(10);
        snapshot.constraints().forEach(k -> assertThat(k.definition()).as(k.name()).isEqualTo(deparsed.get(k.name())));
    }
}
