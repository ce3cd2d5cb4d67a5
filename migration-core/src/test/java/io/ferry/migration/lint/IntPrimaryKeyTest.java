package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IntPrimaryKeyTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "int-primary-key";

    @BeforeAll
    static void tables() throws Exception {
        lint.given("CREATE TABLE legacy (id integer NOT NULL, wide bigint NOT NULL);"
                + " INSERT INTO legacy SELECT g, g FROM generate_series(1, 2500) g");
    }

    @Test
    void anInlineIntegerKeyIsAWarningAtTheType() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("CREATE TABLE users (\n  id integer PRIMARY KEY\n)"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.column()).isEqualTo(6);
            assertThat(f.message()).contains("primary key id of users is integer").contains("2.1 billion");
        });
    }

    @Test
    void aTableConstraintKeyOfAnySmallIntegerTypeIsAWarning() {
        List<Finding> found = LintFixture.of(RULE, lint.offline("""
                CREATE TABLE a (id int4, name text, CONSTRAINT a_pk PRIMARY KEY (id));
                CREATE TABLE b (x smallserial, y serial, PRIMARY KEY (x, y));
                """));
        assertThat(found).extracting(Finding::line).containsExactly(1, 2, 2);
        assertThat(found).extracting(Finding::column).containsExactly(20, 19, 34);
        assertThat(found.get(1).message()).contains("32767");
    }

    @Test
    void addingAPrimaryKeyOnALiveIntegerColumnSaysTheTablesSize() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("ALTER TABLE legacy ADD CONSTRAINT legacy_pk PRIMARY KEY (id)"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.column()).isEqualTo(45);
            assertThat(f.message()).contains("legacy (2.5k rows, ").contains("id of type integer");
        });
    }

    @Test
    void addingAPrimaryKeyOnAColumnDeclaredEarlierInTheRevisionUsesThatType() {
        assertThat(LintFixture.of(RULE, lint.offline("CREATE TABLE t (id int NOT NULL);\nALTER TABLE t ADD PRIMARY KEY (id);")))
                .singleElement().satisfies(f -> assertThat(f.line()).isEqualTo(2));
    }

    @Test
    void bigintKeysAndIntegerColumnsThatAreNotKeysAreNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("""
                CREATE TABLE a (id bigint PRIMARY KEY, n integer);
                CREATE TABLE b (id bigserial, n int, PRIMARY KEY (id));
                ALTER TABLE legacy ADD PRIMARY KEY (wide);
                ALTER TABLE legacy ADD COLUMN n integer;
                """))).isEmpty();
    }
}
