package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CharTypeTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "char-type";

    @Test
    void charCharacterAndBareCharAreWarningsAtTheType() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("""
                CREATE TABLE countries (code char(2), name character(40) NOT NULL, flag char);
                ALTER TABLE countries ALTER COLUMN name SET DATA TYPE CHARACTER (60);
                """));
        assertThat(found).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(found).extracting(Finding::line).containsExactly(1, 1, 1, 2);
        assertThat(found).extracting(Finding::column).containsExactly(30, 44, 73, 55);
        assertThat(found.get(0).message()).contains("column code of countries is char(n)");
    }

    @Test
    void varcharTextAndTheInternalCharTypeAreNotFlagged() {
        assertThat(LintFixture.of(RULE, lint.offline("""
                CREATE TABLE countries (code varchar(2), name character varying(40), note text, kind "char",
                    char_count int);
                ALTER TABLE countries ADD COLUMN code3 char varying(3);
                """))).isEmpty();
    }
}
