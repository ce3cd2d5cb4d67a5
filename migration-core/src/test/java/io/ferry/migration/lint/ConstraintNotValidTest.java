package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConstraintNotValidTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "constraint-not-valid";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("customers", 10, "");
        lint.table("small", 10, "qty int, customer_id bigint");
        lint.table("big", LintFixture.LARGE + 500, "qty int, customer_id bigint");
    }

    @Test
    void aForeignKeyOnALargeTableIsAnErrorAtForeignNamingBothTables() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\n"
                + "ALTER TABLE big ADD CONSTRAINT big_customer_fk\n"
                + "  FOREIGN KEY (customer_id) REFERENCES customers (id);"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.column()).isEqualTo(3);
            assertThat(f.message()).contains("big (2.5k rows, ").contains("customers");
        });
    }

    @Test
    void aCheckOnASmallTableIsAWarningAtCheck() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE small ADD CHECK (qty > 0)"))).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.column()).isEqualTo(23);
                    assertThat(f.message()).contains("ACCESS EXCLUSIVE");
                });
    }

    @Test
    void withoutADatabaseItIsAWarning() {
        assertThat(LintFixture.of(RULE, lint.offline("ALTER TABLE big ADD CONSTRAINT qty_positive CHECK (qty > 0)")))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void notValidThenValidateConstraintIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE big ADD CONSTRAINT big_customer_fk"
                + " FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID,"
                + " ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID;\n"
                + "ALTER TABLE big VALIDATE CONSTRAINT big_customer_fk;"))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.live("CREATE TABLE fresh (qty int);\n"
                + "ALTER TABLE fresh ADD CHECK (qty > 0);"))).isEmpty();
    }
}
