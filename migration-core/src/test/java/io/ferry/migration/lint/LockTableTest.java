package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LockTableTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "lock-table";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("small", 10, "");
        lint.table("big", LintFixture.LARGE + 500, "");
    }

    @Test
    void aLockWithoutAModeIsAWarningNamingAccessExclusiveAndTheLockTimeout() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\n  LOCK TABLE big;"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.column()).isEqualTo(3);
            assertThat(f.message()).contains("big (2.5k rows, ").contains("in ACCESS EXCLUSIVE mode")
                    .contains("lock_timeout");
        });
    }

    @Test
    void theModeWrittenIsTheModeNamedAndEveryTableIsListed() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("LOCK small, ONLY big IN share row exclusive MODE NOWAIT")))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.message()).contains("small (10 rows, ").contains("big (2.5k rows, ")
                            .contains("in SHARE ROW EXCLUSIVE mode");
                });
    }

    @Test
    void withoutADatabaseItIsAWarningToo() {
        assertThat(LintFixture.of(RULE, lint.offline("LOCK TABLE big IN EXCLUSIVE MODE"))).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("locks big in EXCLUSIVE mode"));
    }

    @Test
    void aTableCreatedInTheRevisionOrOneTheDatabaseLacksIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CREATE TABLE fresh (id bigint);\nLOCK TABLE fresh;\n"
                + "LOCK TABLE no_such_table;"))).isEmpty();
    }
}
