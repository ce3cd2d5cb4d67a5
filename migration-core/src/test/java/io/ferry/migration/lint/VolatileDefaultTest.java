package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VolatileDefaultTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "volatile-default";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("small", 10, "qty int");
        lint.table("big", LintFixture.LARGE + 500, "qty int");
        lint.given("CREATE FUNCTION next_code() RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1';"
                + " CREATE FUNCTION random_label() RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''x''';");
    }

    @Test
    void aVolatileDefaultOnALargeTableIsAnErrorAtTheDefaultWithTheSize() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\nALTER TABLE big\n"
                + "    ADD COLUMN token uuid DEFAULT gen_random_uuid();"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.column()).isEqualTo(27);
            assertThat(f.message()).contains("volatile default gen_random_uuid()").contains("big (2.5k rows, ");
        });
    }

    @Test
    void onASmallTableItIsAWarning() throws Exception {
        assertThat(LintFixture.of(RULE,
                lint.live("ALTER TABLE small ADD COLUMN at timestamptz DEFAULT clock_timestamp()")))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void withoutADatabaseTheKnownVolatileFunctionsAreWarnings() {
        assertThat(LintFixture.of(RULE, lint.offline("ALTER TABLE big ADD COLUMN r float8 DEFAULT (random() * 10)")))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
        assertThat(LintFixture.of(RULE, lint.offline("ALTER TABLE big ADD COLUMN c int DEFAULT next_code()")))
                .isEmpty();
    }

    @Test
    void withADatabaseItsCatalogSaysWhichFunctionIsVolatile() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ADD COLUMN c int DEFAULT next_code()")))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("next_code()"));
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ADD COLUMN l text DEFAULT random_label()")))
                .isEmpty();
    }

    @Test
    void stableAndConstantDefaultsAreStoredOnceWithoutARewrite() throws Exception {
        String sql = "ALTER TABLE big ADD COLUMN created timestamptz NOT NULL DEFAULT now(),"
                + " ADD COLUMN seen timestamptz DEFAULT current_timestamp, ADD COLUMN state text DEFAULT 'new',"
                + " ADD COLUMN n numeric(10, 2) DEFAULT 0::numeric(10, 2)";
        assertThat(LintFixture.of(RULE, lint.live(sql))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.offline(sql))).isEmpty();
    }

    @Test
    void aSerialAnIdentityAndAStoredGeneratedColumnRewriteTheTableToo() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("ALTER TABLE big ADD COLUMN n bigserial,\n"
                + "ADD COLUMN i int GENERATED ALWAYS AS IDENTITY,\n"
                + "ADD COLUMN twice int GENERATED ALWAYS AS (qty * 2) STORED"));
        assertThat(found).extracting(f -> f.line() + ":" + f.column()).containsExactly("1:30", "2:18", "3:22");
        assertThat(found).extracting(Finding::message).allSatisfy(m -> assertThat(m).contains("rewritten"));
    }

    @Test
    void theGoodFormAddsTheColumnThenSetsTheDefaultForNewRows() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ADD COLUMN token uuid;\n"
                + "ALTER TABLE big ALTER COLUMN token SET DEFAULT gen_random_uuid();"))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.live("CREATE TABLE fresh (id bigint);\n"
                + "ALTER TABLE fresh ADD COLUMN token uuid DEFAULT gen_random_uuid();"))).isEmpty();
    }
}
