package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VacuumFullTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "vacuum-full";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("small", 10, "name text");
        lint.table("big", LintFixture.LARGE + 500, "name text");
    }

    @Test
    void vacuumFullOfALargeTableIsAnErrorAtTheTableWithItsSize() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\nVACUUM FULL big;"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.column()).isEqualTo(13);
            assertThat(f.message()).contains("rewrites big (2.5k rows, ").contains("ACCESS EXCLUSIVE");
        });
    }

    @Test
    void theParenthesisedSpellingOnASmallTableIsAWarning() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("VACUUM (FULL, ANALYZE) small (name)"))).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.column()).isEqualTo(24);
                });
    }

    @Test
    void withoutADatabaseItIsAWarning() {
        assertThat(LintFixture.of(RULE, lint.offline("VACUUM FULL VERBOSE big"))).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void theWholeDatabaseIsAnErrorWithADatabaseAndAWarningWithout() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("VACUUM FULL"))).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("every table");
        });
        assertThat(LintFixture.of(RULE, lint.offline("VACUUM (FULL)"))).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void plainVacuumOrFullTurnedOffIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("VACUUM big;\nVACUUM (ANALYZE) big;\nVACUUM (FULL false) big;\n"
                + "VACUUM ANALYZE"))).isEmpty();
    }
}
