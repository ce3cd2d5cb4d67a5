package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TruncateTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "truncate";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("small", 10, "");
        lint.table("big", LintFixture.LARGE + 500, "");
    }

    @Test
    void eachTableTruncatedIsAWarningAtItsNameWithItsSize() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\nTRUNCATE TABLE small, ONLY big RESTART IDENTITY;"));
        assertThat(found).extracting(Finding::severity).containsExactly(Severity.WARNING, Severity.WARNING);
        assertThat(found).extracting(Finding::line).containsExactly(2, 2);
        assertThat(found).extracting(Finding::column).containsExactly(16, 28);
        assertThat(found.get(1).message()).contains("big (2.5k rows, ").contains("ACCESS EXCLUSIVE")
                .contains("rows are gone");
    }

    @Test
    void withoutADatabaseItIsAWarning() {
        assertThat(LintFixture.of(RULE, lint.offline("TRUNCATE big"))).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void aDeleteWithAWhereOrATableCreatedInTheRevisionIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("DELETE FROM big WHERE id < 10;\n"
                + "CREATE TABLE fresh (id bigint);\nTRUNCATE fresh;"))).isEmpty();
    }
}
