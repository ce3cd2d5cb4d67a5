package io.ferry.migration.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.CountingConnection;
import io.ferry.migration.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading a snapshot of a schema that has one of everything, on a real server. */
class SchemaSnapshotTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static boolean citext;

    @BeforeAll
    static void fixture() throws SQLException {
        citext = !db.column("SELECT name FROM pg_available_extensions WHERE name = 'citext'").isEmpty();
        db.execute(SchemaFixtures.EVERY_KIND);
        if (citext) {
            db.execute("CREATE EXTENSION citext WITH SCHEMA app", "CREATE TABLE app.handles (handle app.citext)");
        }
        // A unique index built concurrently over duplicates fails and is left behind, invalid.
        db.execute("CREATE TABLE app.dups (v int)", "INSERT INTO app.dups VALUES (1), (1)");
        assertThatThrownBy(() -> db.execute("CREATE UNIQUE INDEX CONCURRENTLY dups_v_idx ON app.dups (v)"))
                .isInstanceOf(SQLException.class);
        // Ferry's own tables, in the default history schema and in another one.
        db.execute("CREATE TABLE public.ferry_version (version_num varchar(32) PRIMARY KEY)",
                "CREATE TABLE public.ferry_history (id bigserial PRIMARY KEY, revision text)",
                "CREATE TABLE app.ferry_backfill_runs (id bigserial PRIMARY KEY, job text)",
                "CREATE INDEX ferry_backfill_runs_job_idx ON app.ferry_backfill_runs (job)",
                "CREATE TABLE public.flyway_schema_history (installed_rank int PRIMARY KEY)");
    }

    @Test
    void holdsEveryKindOfObjectWithItsAttributes() throws SQLException {
        SchemaSnapshot s = read(SchemaScope.allSchemas().withFerryTablesIn("app"));

        assertThat(s.schemas()).contains(new Schema("app", "the application"), new Schema("public", "standard public schema"));
        assertThat(s.enums()).containsExactly(new EnumType("app", "mood", List.of("sad", "ok", "happy"), "how it feels"));
        assertThat(s.domains()).containsExactly(new DomainType("app", "positive", "integer", null, "1", true,
                List.of(new DomainType.Check("positive_check", "CHECK ((VALUE > 0))")), null));
        assertThat(s.composites()).containsExactly(new CompositeType("app", "address", List.of(
                new CompositeType.Attribute("street", "text", null), new CompositeType.Attribute("city", "text", "\"C\"")), null));
        assertThat(s.sequences()).contains(new Sequence("app", "ticket_seq", "integer", 10, 5, 10, 100000, 2, true, null,
                "tickets"));
        assertThat(s.sequences()).contains(new Sequence("app", "sources_id_seq", "bigint", 1, 1, 1, Long.MAX_VALUE, 1,
                false, new ColumnRef("app", "sources", "id"), null));
        assertThat(s.sequences()).extracting(Sequence::name).as("identity columns' sequences are the column's")
                .doesNotContain("documents_id_seq");

        Table sources = table(s, "sources");
        assertThat(sources.comment()).isEqualTo("where documents come from");
        assertThat(sources.columns()).extracting(Column::name)
                .containsExactly("doubled", "id", "mood", "name", "rank", "url");
        assertThat(column(sources, "url")).isEqualTo(new Column("url", "text", null, "'https://example.com'::text",
                true, Column.Identity.NONE, null, "the address"));
        assertThat(column(sources, "name").type()).isEqualTo("character varying(200)");
        assertThat(column(sources, "name").collation()).isEqualTo("\"C\"");
        assertThat(column(sources, "mood")).isEqualTo(new Column("mood", "app.mood", null, "'ok'::app.mood", false,
                Column.Identity.NONE, null, null));
        assertThat(column(sources, "rank").type()).isEqualTo("app.positive");
        assertThat(column(sources, "doubled").generated()).isEqualTo("(id * 2)");
        assertThat(column(sources, "id").defaultValue()).isEqualTo("nextval('app.sources_id_seq'::regclass)");
        Table documents = table(s, "documents");
        assertThat(column(documents, "id").identity()).isEqualTo(Column.Identity.BY_DEFAULT);
        assertThat(documents.rowSecurity()).isTrue();
        assertThat(documents.forceRowSecurity()).isFalse();
        assertThat(table(s, "events").partitionKey()).isEqualTo("RANGE (at)");
        Table partition = table(s, "events_2024");
        assertThat(partition.partitionOf()).isEqualTo(new RelationName("app", "events"));
        assertThat(partition.partitionBound()).isEqualTo("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
        assertThat(partition.columns()).as("a partition's columns are its parent's").isEmpty();
        assertThat(table(s, "scratch").unlogged()).isTrue();

        assertThat(s.constraints()).contains(
                new Constraint("app", "sources", "sources_pkey", Constraint.Type.PRIMARY_KEY, "PRIMARY KEY (id)", false,
                        false, null, null),
                new Constraint("app", "sources", "sources_url_key", Constraint.Type.UNIQUE,
                        "UNIQUE (url) DEFERRABLE INITIALLY DEFERRED", true, true, null, "one row per address"),
                new Constraint("app", "sources", "sources_name_check", Constraint.Type.CHECK,
                        "CHECK (((name)::text <> ''::text))", false, false, null, null),
                new Constraint("app", "documents", "documents_source_id_fkey", Constraint.Type.FOREIGN_KEY,
                        "FOREIGN KEY (source_id) REFERENCES app.sources(id) ON DELETE CASCADE", false, false,
                        new RelationName("app", "sources"), null),
                new Constraint("app", "documents", "documents_during_excl", Constraint.Type.EXCLUSION,
                        "EXCLUDE USING gist (during WITH &&)", false, false, null, null));
        assertThat(s.constraints()).extracting(Constraint::table).as("partitions' copies of their parent's")
                .doesNotContain("events_2024");

        assertThat(s.indexes()).contains(
                new Index("app", "documents", "documents_created_at_idx",
                        "CREATE INDEX documents_created_at_idx ON app.documents USING btree (created_at DESC)"
                                + " WHERE (title IS NOT NULL)", true, "recent first"),
                new Index("app", "documents", "documents_lower_title_idx",
                        "CREATE INDEX documents_lower_title_idx ON app.documents USING btree (lower(title))", true, null),
                new Index("app", "events", "events_at_idx", "CREATE INDEX events_at_idx ON app.events USING btree (at)",
                        true, null),
                new Index("app", "document_counts", "document_counts_source_idx",
                        "CREATE UNIQUE INDEX document_counts_source_idx ON app.document_counts USING btree (source_id)",
                        true, null));
        assertThat(s.indexes()).extracting(Index::name).as("constraints' indexes and partitions' copies")
                .doesNotContain("sources_pkey", "sources_url_key", "documents_during_excl", "events_2024_at_idx");

        View recent = view(s, "recent_documents");
        assertThat(recent.materialized()).isFalse();
        assertThat(recent.definition()).startsWith("SELECT ").contains("FROM app.documents").doesNotEndWith(";");
        assertThat(recent.options()).containsExactly("security_barrier=true");
        assertThat(recent.dependsOn()).containsExactly(new RelationName("app", "documents"));
        assertThat(recent.columnsRead()).containsExactly(new ColumnRef("app", "documents", "created_at"),
                new ColumnRef("app", "documents", "id"), new ColumnRef("app", "documents", "title"));
        assertThat(recent.columns()).extracting(Column::name, Column::type, Column::comment)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("id", "bigint", null),
                        org.assertj.core.groups.Tuple.tuple("title", "text", "the heading"));
        assertThat(recent.comment()).isEqualTo("the last day");
        View counts = view(s, "document_counts");
        assertThat(counts.materialized()).isTrue();
        assertThat(view(s, "source_names").dependsOn()).containsExactly(new RelationName("app", "document_counts"),
                new RelationName("app", "sources"));

        assertThat(s.routines()).extracting(Routine::name, Routine::arguments, Routine::kind, Routine::result)
                .contains(org.assertj.core.groups.Tuple.tuple("touch", "", Routine.Kind.FUNCTION, "trigger"),
                        org.assertj.core.groups.Tuple.tuple("purge", "IN days integer", Routine.Kind.PROCEDURE, null),
                        org.assertj.core.groups.Tuple.tuple("score", "a integer, b integer", Routine.Kind.FUNCTION, "integer"),
                        org.assertj.core.groups.Tuple.tuple("score", "a text", Routine.Kind.FUNCTION, "integer"));
        Routine touch = s.routines().stream().filter(r -> r.name().equals("touch")).findFirst().orElseThrow();
        assertThat(touch.definition()).startsWith("CREATE OR REPLACE FUNCTION app.touch()").contains("NEW.created_at := now()");
        assertThat(touch.comment()).isEqualTo("keeps created_at fresh");

        assertThat(s.triggers()).containsExactly(
                new Trigger("app", "documents", "documents_touch", "CREATE TRIGGER documents_touch BEFORE UPDATE ON"
                        + " app.documents FOR EACH ROW EXECUTE FUNCTION app.touch()", Trigger.Firing.ORIGIN, "touches"),
                new Trigger("app", "sources", "sources_touch", "CREATE TRIGGER sources_touch BEFORE UPDATE ON"
                        + " app.sources FOR EACH ROW EXECUTE FUNCTION app.touch()", Trigger.Firing.DISABLED, null));
        assertThat(s.policies()).containsExactly(new Policy("app", "documents", "documents_read", false, "SELECT",
                List.of("public"), "(title IS NOT NULL)", null, "titled ones only"));
    }

    @Test
    void anIndexAFailedConcurrentBuildLeftIsMarkedInvalid() throws SQLException {
        SchemaSnapshot s = read(SchemaScope.allSchemas());
        assertThat(s.indexes()).filteredOn(i -> i.name().equals("dups_v_idx")).singleElement()
                .satisfies(i -> assertThat(i.valid()).isFalse());
        assertThat(s.indexes()).filteredOn(i -> !i.name().equals("dups_v_idx")).allMatch(Index::valid);
    }

    @Test
    void extensionsAreListedButNotWhatTheyMake() throws SQLException {
        // citext ships with PostgreSQL's contrib, on the embedded server and on CI's PostgreSQL 15: never skipped.
        assertThat(citext).as("citext is available on the test server (PostgreSQL's contrib)").isTrue();
        SchemaSnapshot s = read(SchemaScope.allSchemas());
        assertThat(s.extensions()).extracting(Extension::name, Extension::schema).containsExactly(
                org.assertj.core.groups.Tuple.tuple("citext", "app"));
        assertThat(s.routines()).extracting(Routine::name).doesNotContain("citextin", "texticlike");
        assertThat(column(table(s, "handles"), "handle").type()).isEqualTo("app.citext");
    }

    @Test
    void ferrysOwnTablesAreLeftOutInTheHistorySchemaNamed() throws SQLException {
        SchemaSnapshot byDefault = read(SchemaScope.allSchemas());
        assertThat(byDefault.tables()).extracting(Table::name)
                .doesNotContain("ferry_version", "ferry_history", "flyway_schema_history")
                .contains("ferry_backfill_runs");
        assertThat(byDefault.sequences()).extracting(Sequence::name).doesNotContain("ferry_history_id_seq");

        SchemaSnapshot withApp = read(SchemaScope.allSchemas().withFerryTablesIn("app"));
        assertThat(withApp.tables()).extracting(Table::name).doesNotContain("ferry_backfill_runs");
        assertThat(withApp.indexes()).extracting(Index::name).doesNotContain("ferry_backfill_runs_job_idx");
        assertThat(withApp.constraints()).extracting(Constraint::table).doesNotContain("ferry_backfill_runs");
        assertThat(withApp.sequences()).extracting(Sequence::name).doesNotContain("ferry_backfill_runs_id_seq");
    }

    @Test
    void readsOnlyTheSchemasAskedFor() throws SQLException {
        SchemaSnapshot publicOnly = read(SchemaScope.schemas("public", "no_such_schema"));
        assertThat(publicOnly.schemas()).extracting(Schema::name).containsExactly("public");
        assertThat(publicOnly.tables()).isEmpty();
        assertThat(publicOnly.enums()).isEmpty();
        assertThat(read(SchemaScope.schemas("pg_catalog")).schemas()).as("system schemas are never read").isEmpty();
    }

    @Test
    void readingTwiceGivesEqualSnapshotsAndTheSameJson() throws SQLException {
        SchemaSnapshot first = read(SchemaScope.allSchemas());
        SchemaSnapshot second = read(SchemaScope.allSchemas());
        assertThat(second).isEqualTo(first);
        assertThat(second.hashCode()).isEqualTo(first.hashCode());
        assertThat(second.toJson()).isEqualTo(first.toJson());
        assertThat(SchemaDiff.between(first, second)).isEmpty();
    }

    @Test
    void jsonRoundTrips() throws SQLException {
        SchemaSnapshot s = read(SchemaScope.allSchemas());
        String json = s.toJson();
        assertThat(SchemaSnapshot.fromJson(json)).isEqualTo(s);
        assertThat(SchemaSnapshot.fromJson(json).toJson()).isEqualTo(json);
        assertThat(json).startsWith("{\n  \"composites\": [").contains("\"format\": 1,").contains("\"identity\": \"by-default\"");
    }

    @Test
    void leavesTheSessionAsItFoundIt() throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path = app, public");
            SchemaSnapshot.read(c);
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(db.column("SELECT 1")).isNotEmpty();
            try (var rs = st.executeQuery("SHOW search_path")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("app, public");
            }
            c.setAutoCommit(false);
            st.execute("CREATE TABLE app.inside_a_transaction (id int)");
            SchemaSnapshot inside = SchemaSnapshot.read(c);
            assertThat(inside.tables()).extracting(Table::name).contains("inside_a_transaction");
            try (var rs = st.executeQuery("SHOW search_path")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("app, public");
            }
            c.rollback();
        }
    }

    @Test
    void theNumberOfQueriesDoesNotGrowWithTheSchema() throws SQLException {
        int before = queriesToRead();
        StringBuilder bulk = new StringBuilder("CREATE SCHEMA bulk;");
        for (int i = 0; i < 150; i++) {
            bulk.append("CREATE TABLE bulk.t").append(i).append(" (id int PRIMARY KEY, a text, b int REFERENCES bulk.t0(id));")
                    .append("CREATE INDEX ON bulk.t").append(i).append(" (a);")
                    .append("CREATE VIEW bulk.v").append(i).append(" AS SELECT a FROM bulk.t").append(i).append(';');
        }
        db.execute(bulk.toString());
        try {
            int after = queriesToRead();
            assertThat(after).isEqualTo(before).isLessThanOrEqualTo(15);
        } finally {
            db.execute("DROP SCHEMA bulk CASCADE");
        }
    }

    @Test
    void textThatIsNotASnapshotIsRefusedWithWhereItGoesWrong() {
        assertInvalid("[1, 2]", "not a schema snapshot: it is not a JSON object");
        assertInvalid("{\"format\": 1, ", "not a schema snapshot: it is not JSON: expected a key in quotes at character 15");
        assertInvalid("{\"format\": 2}", "its \"format\" is 2, and this version of Ferry reads format 1");
        String json = SchemaSnapshot.empty().toJson();
        assertInvalid(json.replace("\"enums\": []", "\"enums\": [{\"schema\": \"app\", \"labels\": []}]"),
                "$.enums[0].name is missing");
        assertInvalid(json.replace("\"enums\": []", "\"enums\": {}"), "$.enums should be a list");
        assertInvalid(json.replace("\"enums\": []", "\"enums\": [], \"colour\": 1"), "$ has an unknown key \"colour\"");
        assertInvalid(json.replace("\"tables\": []", "\"tables\": [{\"schema\": \"s\", \"name\": \"t\", \"columns\": [],"
                + " \"unlogged\": \"yes\"}]"), "$.tables[0].unlogged should be true or false");
    }

    private static void assertInvalid(String json, String message) {
        assertThatThrownBy(() -> SchemaSnapshot.fromJson(json)).isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.code()).isEqualTo(MigrationErrorCode.INVALID_SCHEMA_SNAPSHOT);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private static int queriesToRead() throws SQLException {
        try (Connection real = db.connect()) {
            CountingConnection counting = new CountingConnection(real);
            SchemaSnapshot.read(counting.connection());
            return counting.statements();
        }
    }

    private static SchemaSnapshot read(SchemaScope scope) throws SQLException {
        try (Connection c = db.connect()) {
            return SchemaSnapshot.read(c, scope);
        }
    }

    private static Table table(SchemaSnapshot s, String name) {
        Optional<Table> t = s.tables().stream().filter(x -> x.name().equals(name)).findFirst();
        assertThat(t).as("table " + name).isPresent();
        return t.get();
    }

    private static View view(SchemaSnapshot s, String name) {
        return s.views().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    }

    private static Column column(Table t, String name) {
        return t.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
