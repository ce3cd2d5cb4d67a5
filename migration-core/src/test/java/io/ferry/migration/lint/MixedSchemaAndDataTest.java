package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MixedSchemaAndDataTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "mixed-schema-and-data";

    @Test
    void dataAfterSchemaIsReportedOnceAtTheFirstDataStatement() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("""
                CREATE TABLE countries (code text PRIMARY KEY);
                COMMENT ON TABLE countries IS 'ISO codes';
                  INSERT INTO countries VALUES ('FR');
                UPDATE countries SET code = 'DE';
                ALTER TABLE countries ADD COLUMN name text;
                """))).singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.line()).isEqualTo(3);
                    assertThat(f.column()).isEqualTo(3);
                    assertThat(f.message()).contains("changes data").contains("(line 1)");
                });
    }

    @Test
    void schemaAfterDataIsReportedAtTheFirstSchemaStatement() throws Exception {
        assertThat(LintFixture.of(RULE, lint.offline("""
                WITH old AS (SELECT 1) DELETE FROM orders WHERE id IN (SELECT * FROM old);
                SELECT 1;
                DROP TABLE archive;
                """))).singleElement().satisfies(f -> {
                    assertThat(f.line()).isEqualTo(3);
                    assertThat(f.column()).isEqualTo(1);
                    assertThat(f.message()).contains("changes the schema");
                });
    }

    @Test
    void onlySchemaOrOnlyDataIsNotFlagged() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("""
                CREATE TABLE a (id bigint);
                ALTER TABLE a ADD COLUMN b text;
                WITH x AS (SELECT 1 FROM a FOR UPDATE) SELECT * FROM x;
                COPY a TO STDOUT;
                """))).isEmpty();
        assertThat(LintFixture.of(RULE, lint.offline("""
                INSERT INTO a VALUES (1);
                COPY a FROM '/tmp/a.csv';
                MERGE INTO a USING b ON a.id = b.id WHEN NOT MATCHED THEN INSERT VALUES (b.id);
                """))).isEmpty();
    }
}
