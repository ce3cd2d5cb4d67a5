package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConstraintWithoutIndexTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "constraint-without-index";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("big", LintFixture.LARGE + 500, "code text");
        lint.given("CREATE TABLE keyless (id bigint NOT NULL); INSERT INTO keyless SELECT generate_series(1, 10)");
    }

    @Test
    void aUniqueConstraintOnALargeTableIsAnErrorAtUniqueWithTheSize() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\n"
                + "ALTER TABLE big ADD CONSTRAINT big_code_key UNIQUE (code);"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.column()).isEqualTo(45);
            assertThat(f.message()).contains("adds a unique constraint to big (2.5k rows, ");
        });
    }

    @Test
    void aPrimaryKeyOnASmallTableIsAWarning() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE keyless ADD PRIMARY KEY (id)"))).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.column()).isEqualTo(25);
                    assertThat(f.message()).contains("adds a primary key to keyless (10 rows, ");
                });
    }

    @Test
    void withoutADatabaseItIsAWarning() {
        assertThat(LintFixture.of(RULE, lint.offline("ALTER TABLE big ADD UNIQUE (code)")))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void aColumnAddedUniqueBuildsAnIndexToo() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ADD COLUMN ref text UNIQUE"))).hasSize(1);
    }

    @Test
    void anIndexBuiltConcurrentlyFirstThenUsedByTheConstraintIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CREATE UNIQUE INDEX CONCURRENTLY big_code_key ON big (code);\n"
                + "ALTER TABLE big ADD CONSTRAINT big_code_key UNIQUE USING INDEX big_code_key;\n"
                + "ALTER TABLE keyless ADD PRIMARY KEY USING INDEX keyless_id_key;"))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.live("CREATE TABLE fresh (id bigint);\n"
                + "ALTER TABLE fresh ADD PRIMARY KEY (id);"))).isEmpty();
    }

    @Test
    void usingIndexTablespaceStillBuildsTheIndexAndIsFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ADD CONSTRAINT big_code_key UNIQUE (code)"
                + " USING INDEX TABLESPACE pg_default"))).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
    }
}
