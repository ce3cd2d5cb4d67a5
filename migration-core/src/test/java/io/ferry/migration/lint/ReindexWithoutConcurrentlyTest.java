package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReindexWithoutConcurrentlyTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "reindex-without-concurrently";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("small", 10, "name text");
        lint.table("big", LintFixture.LARGE + 500, "name text");
        lint.given("CREATE INDEX big_name ON big (name)");
    }

    @Test
    void reindexingAnIndexOfALargeTableIsAnErrorAtItsLineAndColumnWithTheSize() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\n    REINDEX INDEX big_name;"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.column()).isEqualTo(5);
            assertThat(f.message()).contains("index big_name on big (2.5k rows, ");
        });
    }

    @Test
    void aSmallTableIsAWarningAndALargeOneAnError() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("REINDEX TABLE small"))).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.WARNING);
        assertThat(LintFixture.of(RULE, lint.live("REINDEX (VERBOSE) TABLE big"))).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("big (2.5k rows, ");
        });
    }

    @Test
    void withoutADatabaseItIsAWarning() {
        assertThat(LintFixture.of(RULE, lint.offline("REINDEX TABLE big"))).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.WARNING);
        assertThat(LintFixture.of(RULE, lint.offline("REINDEX INDEX big_name"))).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("index big_name without CONCURRENTLY"));
    }

    @Test
    void aSchemaTheDatabaseOrTheSystemCatalogsIsAWarning() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("REINDEX SCHEMA public;\nREINDEX DATABASE app;\nREINDEX SYSTEM")))
                .extracting(Finding::severity).containsExactly(Severity.WARNING, Severity.WARNING, Severity.WARNING);
    }

    @Test
    void concurrentlyInEitherSpellingIsNotFlaggedUnlessTurnedOff() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("REINDEX INDEX CONCURRENTLY big_name;\n"
                + "REINDEX (CONCURRENTLY) TABLE big;\nREINDEX (VERBOSE) SCHEMA CONCURRENTLY public;"))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.live("REINDEX (CONCURRENTLY false) TABLE big"))).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.ERROR);
    }

    @Test
    void anIndexOrTableCreatedInTheSameRevisionIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CREATE TABLE fresh (name text);\n"
                + "CREATE INDEX fresh_name ON fresh (name);\nREINDEX INDEX fresh_name;\nREINDEX TABLE fresh;")))
                .isEmpty();
    }
}
