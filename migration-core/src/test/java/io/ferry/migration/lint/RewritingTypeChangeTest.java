package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RewritingTypeChangeTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "rewriting-type-change";
    static final String COLUMNS = "qty int, code varchar(10), price numeric(10,2), note text, bits bit varying(8),"
            + " net cidr, label char(3)";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("small", 10, COLUMNS);
        lint.table("big", LintFixture.LARGE + 500, COLUMNS);
    }

    @Test
    void aRewritingChangeOnALargeTableIsAnErrorAtTheColumnWithTheTypesAndTheSize() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\nALTER TABLE big\n"
                + "  ALTER COLUMN qty TYPE bigint;"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.column()).isEqualTo(16);
            assertThat(f.message()).contains("from integer to bigint rewrites big (2.5k rows, ");
        });
    }

    @Test
    void onASmallTableItIsAWarning() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE small ALTER qty SET DATA TYPE bigint")))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void withoutADatabaseEveryChangeIsAWarningThatItMayRewrite() {
        assertThat(LintFixture.of(RULE, lint.offline("ALTER TABLE big ALTER code TYPE varchar(20)")))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.message()).contains("may rewrite big").contains("binary-coercible");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"code TYPE varchar(20)", "code TYPE character varying", "code TYPE text",
        "note TYPE varchar", "price TYPE numeric(12, 2)", "price TYPE decimal", "bits TYPE varbit(16)",
        "net TYPE inet", "qty TYPE int4", "label TYPE character(3)"})
    void changesPostgresqlMakesWithoutARewriteAreNotFlagged(String change) throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ALTER COLUMN " + change))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"code TYPE varchar(5)", "note TYPE varchar(50)", "price TYPE numeric(12, 3)",
        "price TYPE numeric(8, 2)", "bits TYPE bit varying(4)", "label TYPE char(5)", "label TYPE text",
        "qty TYPE text"})
    void changesThatRewriteAreFlagged(String change) throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ALTER COLUMN " + change))).hasSize(1);
    }

    @Test
    void aUsingClauseAlwaysRewrites() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ALTER code TYPE varchar(20) USING upper(code)")))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("with USING rewrites big"));
    }

    @Test
    void eachActionIsCheckedAndATableCreatedInTheRevisionIsNot() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ALTER code TYPE text, ALTER qty TYPE bigint")))
                .singleElement().extracting(Finding::column).isEqualTo(45);
        assertThat(LintFixture.of(RULE, lint.live("CREATE TABLE fresh (qty int);\n"
                + "ALTER TABLE fresh ALTER qty TYPE bigint;"))).isEmpty();
    }
}
