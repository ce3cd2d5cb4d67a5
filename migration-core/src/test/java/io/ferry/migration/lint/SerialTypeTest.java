package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SerialTypeTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "serial-type";

    @Test
    void everySerialSpellingIsAWarningAtTheType() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("""
                CREATE TABLE orders (id bigserial PRIMARY KEY, n serial4, m smallserial);
                ALTER TABLE orders ADD COLUMN k serial8;
                """));
        assertThat(found).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(found).extracting(Finding::line).containsExactly(1, 1, 1, 2);
        assertThat(found).extracting(Finding::column).containsExactly(25, 50, 61, 33);
        assertThat(found.get(1).message()).contains("column n of orders is serial");
    }

    @Test
    void anIdentityColumnIsNotFlagged() {
        assertThat(LintFixture.of(RULE, lint.offline("""
                CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, serial text);
                """))).isEmpty();
    }
}
