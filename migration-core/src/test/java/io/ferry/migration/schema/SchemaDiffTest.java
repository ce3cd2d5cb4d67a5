package io.ferry.migration.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.ferry.migration.testing.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the diff says and in what order, each case checked both ways on a real server. */
class SchemaDiffTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final RoundTrip trip = new RoundTrip(db);

    private static final String SOURCES = "CREATE TABLE sources (id bigint PRIMARY KEY, url text DEFAULT 'x');"
            + "CREATE TABLE documents (id bigint PRIMARY KEY, source_id bigint REFERENCES sources (id),"
            + " created_at timestamptz NOT NULL, title text)";

    @Test
    void describesEachDifferenceOnOneLine() throws SQLException {
        List<SchemaChange> changes = diff(SOURCES, SOURCES + ";CREATE INDEX documents_created_at_idx ON documents (created_at);"
                + "ALTER TABLE sources ALTER COLUMN url SET DEFAULT 'https://example.com'");
        assertThat(changes).extracting(SchemaChange::description).containsExactly(
                "column sources.url: default differs", "index documents_created_at_idx is missing");
        SchemaChange index = changes.get(1);
        assertThat(index.kind()).isEqualTo(ObjectKind.INDEX);
        assertThat(index.action()).isEqualTo(SchemaChange.Action.CREATE);
        assertThat(index.object()).isEqualTo("public.documents_created_at_idx");
        assertThat(index.forwardSql()).containsExactly(
                "CREATE INDEX documents_created_at_idx ON public.documents USING btree (created_at)");
        assertThat(index.reverseSql()).containsExactly("DROP INDEX \"public\".\"documents_created_at_idx\"");
        assertThat(changes.get(0).forwardSql()).containsExactly(
                "ALTER TABLE \"public\".\"sources\" ALTER COLUMN \"url\" SET DEFAULT 'https://example.com'::text");
        assertThat(changes.get(0).reverseSql()).containsExactly(
                "ALTER TABLE \"public\".\"sources\" ALTER COLUMN \"url\" SET DEFAULT 'x'::text");
        assertThat(changes).allMatch(c -> c.difference() && c.transactional() && !c.losesData() && !c.reverseLosesData());
    }

    @Test
    void aViewIsDroppedBeforeTheColumnItReadsChangesTypeAndCreatedAgainAfter() throws SQLException {
        String view = ";CREATE VIEW titles AS SELECT id, title FROM documents;CREATE VIEW short_titles AS SELECT title FROM titles";
        String changed = SOURCES.replace("title text", "title varchar(80)") + view;
        List<SchemaChange> changes = diff(SOURCES + view, changed);
        assertThat(changes).extracting(SchemaChange::description, SchemaChange::difference).containsExactly(
                tuple("view short_titles: dropped while view titles is rebuilt", false),
                tuple("view titles: dropped while column documents.title changes type", false),
                tuple("column documents.title: type differs", true),
                tuple("view titles: created again after column documents.title changes type", false),
                tuple("view short_titles: created again after view titles is rebuilt", false));
        SchemaChange column = changes.get(2);
        assertThat(column.forwardSql()).containsExactly("ALTER TABLE \"public\".\"documents\" ALTER COLUMN \"title\""
                + " TYPE character varying(80) USING \"title\"::character varying(80)");
        assertThat(column.losesData()).as("text to varchar(80) may cut values").isTrue();
        assertThat(column.reverseLosesData()).as("varchar(80) to text keeps them").isFalse();
    }

    @Test
    void aColumnAddedOrDroppedLeavesTheViewsOnItsTableAlone() throws SQLException {
        String view = ";CREATE VIEW titles AS SELECT id, title FROM documents";
        List<SchemaChange> changes = diff(SOURCES + view, SOURCES.replace(", title text", ", title text, body text") + view);
        assertThat(changes).extracting(SchemaChange::description).containsExactly("column documents.body is missing");
        assertThat(changes.get(0).losesData()).isFalse();
        assertThat(changes.get(0).reverseLosesData()).isTrue();
    }

    @Test
    void aTableThatBecomesAViewTakesTheViewsReadingItAlong() throws SQLException {
        String big = ";CREATE VIEW big AS SELECT n FROM totals WHERE n > 10";
        List<SchemaChange> changes = diff("CREATE TABLE totals (n int)" + big,
                "CREATE TABLE raw (n int);CREATE VIEW totals AS SELECT n FROM raw" + big);
        assertThat(changes).extracting(SchemaChange::description).containsExactly(
                "view big: dropped while table totals goes", "table totals is extra", "table raw is missing",
                "view totals is missing", "view big: created again after table totals goes");
    }

    @Test
    void typesSequencesAndFunctionsComeBeforeTheTablesThatUseThemAndGoAfter() throws SQLException {
        List<SchemaChange> changes = diff("", "CREATE TYPE mood AS ENUM ('sad', 'ok');"
                + "CREATE SEQUENCE tickets;"
                + "CREATE FUNCTION next_ticket() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('tickets') $$;"
                + "CREATE TABLE visits (mood mood, ticket bigint DEFAULT next_ticket(), n bigserial)");
        assertThat(changes).extracting(SchemaChange::description).containsExactly(
                "enum mood is missing", "sequence tickets is missing", "sequence visits_n_seq is missing",
                "function next_ticket() is missing", "table visits is missing",
                "sequence visits_n_seq: owned by column visits.n");
        List<String> back = SchemaDiff.reverseSql(changes);
        assertThat(back.indexOf("DROP TABLE \"public\".\"visits\"")).isLessThan(back.indexOf("DROP TYPE \"public\".\"mood\""))
                .isLessThan(back.indexOf("DROP FUNCTION \"public\".\"next_ticket\"()"))
                .isLessThan(back.indexOf("DROP SEQUENCE \"public\".\"tickets\""));
    }

    @Test
    void foreignKeysComeAfterBothTablesEvenInACycle() throws SQLException {
        List<SchemaChange> changes = diff("", "CREATE TABLE a (id int PRIMARY KEY, b_id int);"
                + "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));"
                + "ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id)");
        assertThat(changes).extracting(SchemaChange::description).containsExactly("table a is missing", "table b is missing",
                "constraint a_pkey on a is missing", "constraint b_pkey on b is missing",
                "constraint a_b_id_fkey on a is missing", "constraint b_a_id_fkey on b is missing");
    }

    @Test
    void aForeignKeyMakesWayForTheKeyItReferencesToChange() throws SQLException {
        List<SchemaChange> changes = diff(SOURCES, SOURCES.replace("id bigint PRIMARY KEY, url",
                "id bigint CONSTRAINT sources_id_key PRIMARY KEY, url"));
        assertThat(changes).extracting(SchemaChange::description).containsExactly(
                "constraint documents_source_id_fkey on documents: dropped while a key of table sources changes",
                "constraint sources_pkey on sources is extra",
                "constraint sources_id_key on sources is missing",
                "constraint documents_source_id_fkey on documents: created again after a key of table sources changes");
    }

    @Test
    void indexesOfTablesOnBothSidesAreBuiltConcurrentlyWhenAsked() throws SQLException {
        String before = SOURCES + ";CREATE TABLE events (at date) PARTITION BY RANGE (at)";
        List<SchemaChange> changes = diff(before, before + ";CREATE INDEX documents_created_at_idx ON documents (created_at);"
                        + "CREATE TABLE notes (body text);CREATE INDEX notes_body_idx ON notes (body);"
                        + "CREATE INDEX events_at_idx ON events (at)",
                DiffOptions.defaults().withConcurrentIndexes());
        assertThat(changes).filteredOn(c -> c.kind() == ObjectKind.INDEX)
                .extracting(c -> c.forwardSql().get(0), c -> c.reverseSql().get(0), SchemaChange::transactional)
                .containsExactly(
                        tuple("CREATE INDEX CONCURRENTLY documents_created_at_idx ON public.documents USING btree (created_at)",
                                "DROP INDEX CONCURRENTLY \"public\".\"documents_created_at_idx\"", false),
                        tuple("CREATE INDEX events_at_idx ON public.events USING btree (at)",
                                "DROP INDEX \"public\".\"events_at_idx\"", true),
                        tuple("CREATE INDEX notes_body_idx ON public.notes USING btree (body)",
                                "DROP INDEX \"public\".\"notes_body_idx\"", true));
    }

    @Test
    void anInvalidIndexIsBuiltAgain() throws SQLException {
        String table = "CREATE TABLE dups (v int);INSERT INTO dups VALUES (1), (1)";
        String first = db.createDatabase("a", null);
        String second = db.createDatabase("b", null);
        try {
            trip.run(first, List.of(table), "the table");
            try {
                trip.run(first, List.of("CREATE UNIQUE INDEX CONCURRENTLY dups_v_idx ON dups (v)"), "the failed build");
            } catch (AssertionError expected) {
                // the build fails on the duplicates and leaves the index behind, invalid
            }
            trip.run(first, List.of("DELETE FROM dups"), "removing the duplicates");
            trip.run(second, List.of(table.replace("(1), (1)", "(1)"), "CREATE UNIQUE INDEX dups_v_idx ON dups (v)"), "the index");
            List<SchemaChange> changes = SchemaDiff.between(trip.read(first), trip.read(second));
            assertThat(changes).extracting(SchemaChange::description).containsExactly(
                    "index dups_v_idx: not valid (a failed CREATE INDEX CONCURRENTLY left it), dropped first",
                    "index dups_v_idx: not valid (a failed CREATE INDEX CONCURRENTLY left it)");
            trip.run(first, SchemaDiff.forwardSql(changes), "the forward SQL");
            assertThat(trip.read(first)).isEqualTo(trip.read(second));
        } finally {
            db.dropDatabase(first);
            db.dropDatabase(second);
        }
    }

    @Test
    void anEnumValueIsAddedInPlaceAndRemovedByRebuildingTheType() throws SQLException {
        String before = "CREATE TYPE status AS ENUM ('new', 'done');CREATE TABLE tasks (status status DEFAULT 'new',"
                + " tags status[]);CREATE VIEW open_tasks AS SELECT * FROM tasks WHERE status = 'new'";
        List<SchemaChange> changes = diff(before, before.replace("('new', 'done')", "('new', 'doing', 'done')"));
        assertThat(changes).extracting(SchemaChange::description).containsExactly(
                "view open_tasks: dropped while enum status is rebuilt", "enum status: values differ",
                "view open_tasks: created again after enum status is rebuilt");
        assertThat(changes.get(0).forwardSql()).as("adding a value disturbs nothing").isEmpty();
        assertThat(changes.get(2).forwardSql()).isEmpty();
        SchemaChange values = changes.get(1);
        assertThat(values.forwardSql()).containsExactly("ALTER TYPE \"public\".\"status\" ADD VALUE 'doing' BEFORE 'done'");
        assertThat(values.transactional()).isFalse();
        assertThat(values.losesData()).isFalse();
        assertThat(values.reverseLosesData()).as("rows holding 'doing' cannot go back").isTrue();
        assertThat(values.reverseSql()).containsExactly(
                "ALTER TYPE \"public\".\"status\" RENAME TO \"status__ferry_old\"",
                "CREATE TYPE \"public\".\"status\" AS ENUM ('new', 'done')",
                "ALTER TABLE \"public\".\"tasks\" ALTER COLUMN \"status\" DROP DEFAULT",
                "ALTER TABLE \"public\".\"tasks\" ALTER COLUMN \"status\" TYPE public.status USING \"status\"::text::public.status",
                "ALTER TABLE \"public\".\"tasks\" ALTER COLUMN \"status\" SET DEFAULT 'new'::public.status",
                "ALTER TABLE \"public\".\"tasks\" ALTER COLUMN \"tags\" TYPE public.status[] USING \"tags\"::text[]::public.status[]",
                "DROP TYPE \"public\".\"status__ferry_old\"");
    }

    @Test
    void dropsSayTheyLoseData() throws SQLException {
        List<SchemaChange> changes = diff(SOURCES + ";CREATE TABLE old (id int)", SOURCES.replace(", title text", ""));
        assertThat(changes).extracting(SchemaChange::description, SchemaChange::losesData, SchemaChange::reverseLosesData)
                .containsExactly(tuple("table old is extra", true, false),
                        tuple("column documents.title is extra", true, false));
    }

    @Test
    void aFunctionWhoseResultChangesIsReplacedWithTheTriggersThatCallIt() throws SQLException {
        String before = "CREATE TABLE t (id int);"
                + "CREATE FUNCTION check_t() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"
                + "CREATE TRIGGER t_check BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION check_t();"
                + "CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS $$ SELECT 42 $$";
        String after = before.replace("RETURN NEW; END", "NEW.id := 1; RETURN NEW; END")
                .replace("RETURNS int LANGUAGE sql AS $$ SELECT 42", "RETURNS bigint LANGUAGE sql AS $$ SELECT 42::bigint");
        List<SchemaChange> changes = diff(before, after);
        assertThat(changes).extracting(SchemaChange::description).containsExactly(
                "function answer(): result type differs", "function check_t(): definition differs");
    }

    private static List<SchemaChange> diff(String first, String second) throws SQLException {
        return diff(first, second, DiffOptions.defaults());
    }

    /** The changes from a database with {@code first} to one with {@code second}, checked both ways. */
    private static List<SchemaChange> diff(String first, String second, DiffOptions options) throws SQLException {
        String a = db.createDatabase("a", null);
        String b = db.createDatabase("b", null);
        try {
            trip.run(a, first.isEmpty() ? List.of() : List.of(first), "the first schema");
            trip.run(b, List.of(second), "the second schema");
            return trip.check("diff", a, b, options);
        } finally {
            db.dropDatabase(a);
            db.dropDatabase(b);
        }
    }
}
