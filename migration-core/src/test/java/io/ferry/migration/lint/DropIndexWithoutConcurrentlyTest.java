package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DropIndexWithoutConcurrentlyTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "drop-index-without-concurrently";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("small", 10, "name text");
        lint.table("big", LintFixture.LARGE + 500, "name text");
        lint.given("CREATE INDEX small_name ON small (name); CREATE INDEX big_name ON big (name)");
    }

    @Test
    void droppingAnIndexOfALargeTableIsAnErrorAtTheIndexNameWithTheTablesSize() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\n  DROP INDEX big_name;"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.column()).isEqualTo(14);
            assertThat(f.message()).contains("big_name on big (2.5k rows, ").contains("ACCESS EXCLUSIVE");
        });
    }

    @Test
    void eachIndexOfTheListIsJudgedByTheSizeOfItsOwnTable() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("DROP INDEX IF EXISTS small_name, big_name CASCADE"));
        assertThat(found).extracting(Finding::severity).containsExactly(Severity.WARNING, Severity.ERROR);
        assertThat(found).extracting(Finding::column).containsExactly(22, 34);
    }

    @Test
    void withoutADatabaseItIsAWarningNamingTheIndex() {
        assertThat(LintFixture.of(RULE, lint.offline("DROP INDEX public.big_name"))).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("index public.big_name without CONCURRENTLY");
        });
    }

    @Test
    void concurrentlyAnIndexCreatedInTheSameRevisionOrOneTheDatabaseLacksIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("DROP INDEX CONCURRENTLY IF EXISTS big_name"))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.live("CREATE INDEX CONCURRENTLY big_name2 ON big (name);\n"
                + "DROP INDEX big_name2;"))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.offline("CREATE INDEX big_name2 ON big (name);\n"
                + "DROP INDEX big_name2;"))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.live("DROP INDEX IF EXISTS no_such_index"))).isEmpty();
    }

    @Test
    void anIndexCreatedIfNotExistsThatAlreadyExistsIsStillDroppedFromItsTable() throws Exception {
        String sql = "CREATE INDEX IF NOT EXISTS big_name ON big (name);\nDROP INDEX big_name;";
        assertThat(LintFixture.of(RULE, lint.live(sql))).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
        assertThat(LintFixture.of(RULE, lint.offline(sql))).as("without a database the index may exist").hasSize(1);
        assertThat(LintFixture.of(RULE, lint.live("CREATE INDEX IF NOT EXISTS big_fresh ON big (name);\n"
                + "DROP INDEX big_fresh;"))).as("an index the database does not have").isEmpty();
    }
}
