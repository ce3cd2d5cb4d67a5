package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DroppingColumnOrTableTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "dropping-column-or-table";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("orders", 10, "total int, note text");
        lint.table("archive", 10, "");
    }

    @Test
    void droppingAColumnIsAWarningAtItsName() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\n"
                + "ALTER TABLE orders DROP COLUMN IF EXISTS total, DROP note;"));
        assertThat(found).extracting(f -> f.severity() + " " + f.line() + ":" + f.column())
                .containsExactly("WARNING 2:42", "WARNING 2:54");
        assertThat(found.get(0).message()).contains("drops column orders.total");
    }

    @Test
    void droppingTablesIsAWarningAtEachTableTheDatabaseHas() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("DROP TABLE IF EXISTS orders, absent, \"archive\""));
        assertThat(found).extracting(Finding::column).containsExactly(22, 38);
        assertThat(found.get(0).message()).contains("drops table orders (10 rows, ");
    }

    @Test
    void withoutADatabaseEveryNamedTableIsTakenToExist() {
        assertThat(LintFixture.of(RULE, lint.offline("DROP TABLE absent"))).singleElement()
                .extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void droppingAConstraintADefaultOrATableCreatedInTheRevisionIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE orders DROP CONSTRAINT orders_pkey,"
                + " ALTER COLUMN total DROP DEFAULT, ALTER COLUMN total DROP NOT NULL;\n"
                + "CREATE TABLE fresh (id bigint, tmp text);\n"
                + "ALTER TABLE fresh DROP COLUMN tmp;\n"
                + "DROP TABLE fresh;"))).isEmpty();
    }
}
