package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.lint.rules.Rules;
import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IdempotentCreateTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "idempotent-create";
    static final Map<String, LintSettings.Level> ON = Map.of(RULE, LintSettings.Level.WARNING);

    @Test
    void itIsOffByDefaultAndItsTitleSaysWhy() throws Exception {
        assertThat(LintFixture.of(RULE, lint.live("CREATE TABLE accounts (id bigint)"))).isEmpty();
        LintRule rule = Rules.find(RULE).orElseThrow();
        assertThat(rule.enabledByDefault()).isFalse();
        assertThat(rule.title()).contains("off by default").contains("history");
    }

    @Test
    void turnedOnACreateTableWithoutIfNotExistsIsAWarningAtItsLineAndColumn() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("SELECT 1;\n   CREATE TABLE accounts (id bigint);", ON));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.column()).isEqualTo(4);
            assertThat(f.message()).contains("CREATE TABLE without IF NOT EXISTS");
            assertThat(f.fix()).isEqualTo("CREATE TABLE IF NOT EXISTS");
        });
    }

    @Test
    void everyKindThatAcceptsIfNotExistsOrOrReplaceIsChecked() {
        List<Finding> found = LintFixture.of(RULE, lint.offline("""
                CREATE UNLOGGED TABLE a (id bigint);
                CREATE UNIQUE INDEX CONCURRENTLY a_id ON a (id);
                CREATE SCHEMA app;
                CREATE SEQUENCE s;
                CREATE EXTENSION citext;
                CREATE MATERIALIZED VIEW m AS SELECT 1;
                CREATE FOREIGN TABLE f (id bigint) SERVER remote;
                CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw;
                CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1';
                CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';
                CREATE RECURSIVE VIEW v (n) AS SELECT 1;
                CREATE CONSTRAINT TRIGGER t AFTER INSERT ON a FOR EACH ROW EXECUTE FUNCTION f();
                """, ON));
        assertThat(found).extracting(Finding::line).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(found.get(8).message()).contains("CREATE FUNCTION without OR REPLACE");
        assertThat(found.get(5).fix()).isEqualTo("CREATE MATERIALIZED VIEW IF NOT EXISTS");
    }

    @Test
    void ifNotExistsOrReplaceTemporaryObjectsAndKindsWithoutEitherAreNotFlagged() {
        assertThat(LintFixture.of(RULE, lint.offline("""
                CREATE TABLE IF NOT EXISTS a (id bigint);
                CREATE INDEX CONCURRENTLY IF NOT EXISTS a_id ON a (id);
                CREATE SCHEMA IF NOT EXISTS app;
                CREATE EXTENSION IF NOT EXISTS citext;
                CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1';
                CREATE OR REPLACE VIEW v AS SELECT 1;
                CREATE OR REPLACE TRIGGER t AFTER INSERT ON a FOR EACH ROW EXECUTE FUNCTION f();
                CREATE TEMP TABLE scratch (id bigint);
                CREATE TYPE mood AS ENUM ('ok');
                CREATE ROLE reader;
                """, ON))).isEmpty();
    }
}
