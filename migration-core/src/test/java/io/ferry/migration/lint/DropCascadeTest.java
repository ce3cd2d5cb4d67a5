package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DropCascadeTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "drop-cascade";

    @BeforeAll
    static void tables() throws Exception {
        lint.table("orders", 10, "total int");
    }

    @Test
    void dropTableCascadeIsAnErrorAtCascade() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\nDROP TABLE orders\n  CASCADE;"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.column()).isEqualTo(3);
            assertThat(f.message()).startsWith("DROP TABLE orders CASCADE also drops");
        });
    }

    @Test
    void aColumnDroppedWithCascadeIsFlaggedInItsAction() throws Exception {
        assertThat(LintFixture.of(RULE, lint.offline("ALTER TABLE orders ADD note text, DROP COLUMN total CASCADE")))
                .singleElement().satisfies(f -> {
                    assertThat(f.column()).isEqualTo(53);
                    assertThat(f.message()).startsWith("DROP COLUMN total CASCADE");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"DROP SCHEMA reporting CASCADE", "DROP TYPE mood CASCADE",
        "DROP FUNCTION total_of(int) CASCADE", "DROP VIEW IF EXISTS v1, v2 CASCADE",
        "ALTER TABLE orders DROP CONSTRAINT orders_pkey CASCADE"})
    void anyDropWithCascadeIsFlagged(String sql) {
        assertThat(LintFixture.of(RULE, lint.offline(sql))).hasSize(1);
    }

    @Test
    void dropsWithoutCascadeAndOnDeleteCascadeAreNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("DROP VIEW IF EXISTS order_totals;\n"
                + "DROP TABLE orders RESTRICT;\n"
                + "ALTER TABLE orders ADD CONSTRAINT orders_parent_fk FOREIGN KEY (total) REFERENCES orders (id)"
                + " ON DELETE CASCADE NOT VALID;"))).isEmpty();
    }
}
