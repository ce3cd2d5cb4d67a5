package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RenamingColumnOrTableTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "renaming-column-or-table";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("orders", 10, "total int");
    }

    @Test
    void renamingAColumnIsAnErrorAtRename() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\nALTER TABLE orders\n"
                + "  RENAME COLUMN total TO amount;"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.column()).isEqualTo(3);
            assertThat(f.message()).contains("renames column orders.total");
        });
    }

    @Test
    void renamingATableIsAnErrorWithOrWithoutADatabase() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE IF EXISTS orders RENAME TO purchases")))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                    assertThat(f.message()).contains("renames table orders");
                });
        assertThat(LintFixture.of(RULE, lint.offline("ALTER TABLE orders RENAME total TO amount")))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.ERROR);
    }

    @Test
    void addingTheNewNameOrRenamingAConstraintOrANewTableIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("ALTER TABLE orders ADD COLUMN amount int;\n"
                + "ALTER TABLE orders RENAME CONSTRAINT orders_pkey TO orders_id_pkey;\n"
                + "CREATE TABLE fresh (id bigint);\n"
                + "ALTER TABLE fresh RENAME COLUMN id TO fresh_id;\n"
                + "ALTER TABLE absent RENAME TO gone;"))).isEmpty();
    }
}
