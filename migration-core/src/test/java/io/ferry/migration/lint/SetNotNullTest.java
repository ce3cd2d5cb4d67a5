package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SetNotNullTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "set-not-null";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("small", 10, "email text");
        lint.table("big", LintFixture.LARGE + 500, "email text");
        lint.table("checked", 10, "email text");
        lint.given("UPDATE checked SET email = 'x';"
                + " ALTER TABLE checked ADD CONSTRAINT checked_email_not_null CHECK (email IS NOT NULL)");
    }

    @Test
    void setNotNullOnALargeTableIsAnErrorAtTheColumnWithTheSize() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\n"
                + "ALTER TABLE big ALTER COLUMN email SET NOT NULL;"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.column()).isEqualTo(30);
            assertThat(f.message()).contains("scans big (2.5k rows, ");
        });
    }

    @Test
    void onASmallTableItIsAWarning() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE small ALTER email SET NOT NULL")))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void withoutADatabaseItIsAWarning() {
        assertThat(LintFixture.of(RULE, lint.offline("ALTER TABLE big ALTER email SET NOT NULL")))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void aCheckAddedAndValidatedEarlierInTheRevisionMakesTheScanNeedless() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live(
                "ALTER TABLE big ADD CONSTRAINT big_email_not_null CHECK (email IS NOT NULL) NOT VALID;\n"
                + "ALTER TABLE big VALIDATE CONSTRAINT big_email_not_null;\n"
                + "ALTER TABLE big ALTER COLUMN email SET NOT NULL;\n"
                + "ALTER TABLE big DROP CONSTRAINT big_email_not_null;"))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE public.big ADD CHECK ((\"email\" IS NOT NULL));\n"
                + "ALTER TABLE big ALTER COLUMN email SET NOT NULL;"))).isEmpty();
    }

    @Test
    void aCheckNotYetValidatedOrOnAnotherColumnProvesNothing() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live(
                "ALTER TABLE big ADD CONSTRAINT big_email_not_null CHECK (email IS NOT NULL) NOT VALID;\n"
                + "ALTER TABLE big ALTER COLUMN email SET NOT NULL;"))).hasSize(1);
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ADD CHECK (id IS NOT NULL);\n"
                + "ALTER TABLE big ALTER COLUMN email SET NOT NULL;"))).hasSize(1);
    }

    @Test
    void aColumnTheDatabaseAlreadyProvesNotNullIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE checked ALTER email SET NOT NULL"))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ALTER id SET NOT NULL"))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.live("CREATE TABLE fresh (email text);\n"
                + "ALTER TABLE fresh ALTER email SET NOT NULL;"))).isEmpty();
    }

    @Test
    void aCheckAddedAndValidatedInEarlierPendingRevisionsLetsALaterSetNotNullPass() throws Exception {
        String add = "ALTER TABLE big ADD CONSTRAINT big_email_not_null CHECK (email IS NOT NULL) NOT VALID;";
        String validate = "ALTER TABLE big VALIDATE CONSTRAINT big_email_not_null;";
        String set = "ALTER TABLE big ALTER COLUMN email SET NOT NULL;";
        assertThat(LintFixture.of(RULE, lint.liveRevisions(add, validate, set))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.liveRevisions(add, set))).as("added but never validated").hasSize(1);
        assertThat(LintFixture.of(RULE, lint.liveRevisions(set, add + validate))).as("validated after it").hasSize(1);
    }
}
