package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "cluster";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("small", 10, "name text");
        lint.table("big", LintFixture.LARGE + 500, "name text");
        lint.given("CREATE INDEX small_name ON small (name); CREATE INDEX big_name ON big (name)");
    }

    @Test
    void clusteringALargeTableIsAnErrorAtItsLineAndColumnWithTheSize() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\n\n  CLUSTER big USING big_name;"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.column()).isEqualTo(3);
            assertThat(f.message()).contains("rewrites big (2.5k rows, ");
        });
    }

    @Test
    void aSmallTableIsAWarningAndWithoutADatabaseToo() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CLUSTER VERBOSE small USING small_name"))).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.WARNING);
        assertThat(LintFixture.of(RULE, lint.offline("CLUSTER big"))).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void theOldSpellingNamesTheTableAfterOn() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CLUSTER big_name ON big"))).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("big (2.5k rows, "));
    }

    @Test
    void everyClusteredTableIsAnErrorWithADatabaseAndAWarningWithout() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CLUSTER"))).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.ERROR);
        assertThat(LintFixture.of(RULE, lint.offline("CLUSTER VERBOSE"))).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void markingTheIndexOrClusteringATableCreatedInTheRevisionIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big CLUSTER ON big_name;\n"
                + "CREATE TABLE fresh (name text);\nCREATE INDEX fresh_name ON fresh (name);\n"
                + "CLUSTER fresh USING fresh_name;"))).isEmpty();
    }
}
