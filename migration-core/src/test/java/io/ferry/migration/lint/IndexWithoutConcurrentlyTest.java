package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IndexWithoutConcurrentlyTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "index-without-concurrently";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("small", 10, "name text");
        lint.table("big", LintFixture.LARGE + 500, "name text");
        lint.given("CREATE TABLE parted (id bigint, at date) PARTITION BY RANGE (at);"
                + " CREATE TABLE parted_2026 PARTITION OF parted FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
    }

    @Test
    void anIndexBuiltWithoutConcurrentlyOnALargeTableIsAnErrorAtItsLineAndColumnWithTheSize() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\n  CREATE INDEX big_name ON big (name);"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.column()).isEqualTo(3);
            assertThat(f.file()).isEqualTo("test.sql");
            assertThat(f.message()).contains("big (2.5k rows, ");
        });
    }

    @Test
    void onASmallTableItIsAWarning() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CREATE UNIQUE INDEX small_name ON small (name)")))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void withoutADatabaseItIsAWarning() {
        assertThat(LintFixture.of(RULE, lint.offline("CREATE INDEX big_name ON big (name)")))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void concurrentlyOrOnATableCreatedInTheSameRevisionIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CREATE INDEX CONCURRENTLY big_name ON big (name)"))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.live("CREATE TABLE fresh (id bigint, name text);\n"
                + "CREATE INDEX fresh_name ON fresh (name);"))).isEmpty();
    }

    @Test
    void aSuppressionWithAReasonKeepsTheFindingButMarksItWithTheReason() throws Exception {
        List<Finding> found = lint.live("-- ferry:lint-ignore index-without-concurrently built in the maintenance window\n"
                + "CREATE INDEX big_name ON big (name);");
        assertThat(LintFixture.of(RULE, found)).singleElement().satisfies(f -> {
            assertThat(f.suppressed()).contains("built in the maintenance window");
            assertThat(f.blocks()).isFalse();
        });
    }

    @Test
    void aSuppressionWithoutAReasonSuppressesNothingAndIsAnErrorItself() throws Exception {
        List<Finding> found = lint.live("-- ferry:lint-ignore index-without-concurrently\n"
                + "CREATE INDEX big_name ON big (name);");
        assertThat(LintFixture.of(RULE, found)).singleElement().satisfies(f -> assertThat(f.blocks()).isTrue());
        assertThat(LintFixture.of(Linter.IGNORE_WITHOUT_REASON, found)).singleElement()
                .satisfies(f -> assertThat(f.line()).isEqualTo(1));
    }

    @Test
    void ferryYamlCanTurnTheRuleOff() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CREATE INDEX big_name ON big (name)",
                java.util.Map.of(RULE, LintSettings.Level.OFF)))).isEmpty();
    }

    @Test
    void aTableCreatedIfNotExistsThatAlreadyExistsStillHasItsIndexFlagged() throws Exception {
        String sql = "CREATE TABLE IF NOT EXISTS big (id bigint, name text);\nCREATE INDEX big_name ON big (name);";
        assertThat(LintFixture.of(RULE, lint.live(sql))).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
        assertThat(LintFixture.of(RULE, lint.offline(sql))).as("without a database the table may exist").hasSize(1);
        assertThat(LintFixture.of(RULE, lint.live("CREATE TABLE IF NOT EXISTS fresh (id bigint, name text);\n"
                + "CREATE INDEX fresh_name ON fresh (name);"))).as("a table the database does not have").isEmpty();
    }

    @Test
    void anIndexOnOnlyThePartitionedParentBuildsNothingAndIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CREATE INDEX parted_at ON ONLY parted (at)"))).isEmpty();
    }

    @Test
    void onOnlyATableThatIsNotPartitionedStillBuildsTheIndexAndIsFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CREATE INDEX big_name ON ONLY big (name)")))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.ERROR);
    }

    @Test
    void anIndexOnAPartitionedTableGetsTheFixThatIndexesEachPartitionConcurrently() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CREATE INDEX parted_at ON parted (at)"))).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).contains("each of its partitions");
                    assertThat(f.fix()).contains("ON ONLY parent").contains("CONCURRENTLY on each partition")
                            .contains("ATTACH PARTITION");
                });
        assertThat(LintFixture.of(RULE, lint.live("CREATE INDEX big_name ON big (name)"))).singleElement()
                .satisfies(f -> assertThat(f.fix()).doesNotContain("ON ONLY"));
    }

    @Test
    void aTableNeverAnalysedIsLargeByItsBytesAndSaysItsRowsAreUnknown() throws Exception {
        // LARGE * 100 bytes = 200 kB: 3000 rows of about 130 bytes are more, 10 rows (a page or two) are less.
        lint.unanalysed("unknown_big", 3000);
        lint.unanalysed("unknown_small", 10);
        assertThat(LintFixture.of(RULE, lint.live("CREATE INDEX ub ON unknown_big (filler)"))).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                    assertThat(f.message()).contains("unknown_big (never analysed, ").contains(" kB)");
                });
        assertThat(LintFixture.of(RULE, lint.live("CREATE INDEX us ON unknown_small (filler)"))).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.message()).contains("unknown_small (never analysed, ");
                });
    }
}
