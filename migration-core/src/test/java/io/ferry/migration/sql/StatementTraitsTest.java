package io.ferry.migration.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementTraitsTest {

    /** Every construct refusedInTransaction() knows, in the spellings PostgreSQL accepts. */
    private static final List<String> REFUSED = List.of(
            "VACUUM",
            "vacuum (analyze) items",
            "CREATE DATABASE other",
            "create tablespace fast location '/ssd'",
            "CREATE INDEX CONCURRENTLY i ON t (id)",
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (id)",
            "DROP DATABASE other",
            "DROP TABLESPACE fast",
            "drop index concurrently i",
            "REINDEX (VERBOSE) TABLE CONCURRENTLY t",
            "REINDEX DATABASE app",
            "REINDEX SYSTEM app",
            "ALTER SYSTEM SET work_mem = '64MB'",
            "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY",
            "/* lead */ -- comment\n  VaCuUm FULL",
            // U+017F (long s) upper-cases to S: the traits read this as ALTER SYSTEM, so must the filter.
            "ALTER \u017FYSTEM SET work_mem = '64MB'");

    @Test
    void everyStatementRefusedInATransactionPassesTheKeywordFilter() {
        for (String sql : REFUSED) {
            assertThat(StatementTraits.of(sql).refusedInTransaction()).as(sql).isPresent();
            assertThat(StatementTraits.mayBeRefusedInTransaction("SELECT 1;\n" + sql + ";\nSELECT 2;")).as(sql)
                    .isTrue();
        }
    }

    @Test
    void aScriptWithoutTheWordsNeedsNoSplittingToKnowItFitsATransaction() {
        String script = """
                CREATE TABLE items (id bigint PRIMARY KEY, name text);
                CREATE INDEX items_name ON items (name);
                ALTER TABLE items ADD COLUMN note text;
                DROP INDEX items_name;
                REINDEX TABLE items;
                DO $$ BEGIN PERFORM 1; END $$;
                INSERT INTO items VALUES (1, 'a ''quoted'' name');
                """;
        assertThat(StatementTraits.mayBeRefusedInTransaction(script)).isFalse();
        assertThat(SqlSplitter.split(script)).allSatisfy(s ->
                assertThat(StatementTraits.of(s).refusedInTransaction()).isEmpty());
    }

    @Test
    void theFilterOnlySaysWhenSplittingIsNeeded() {
        // The word in a string or inside a longer name passes the filter; the statements then decide.
        String script = "SELECT current_database();\nCOMMENT ON TABLE t IS 'run VACUUM weekly';";
        assertThat(StatementTraits.mayBeRefusedInTransaction(script)).isTrue();
        assertThat(SqlSplitter.split(script)).allSatisfy(s ->
                assertThat(StatementTraits.of(s).refusedInTransaction()).isEmpty());
    }

    @Test
    void onlyStatementsThatSurelyReturnNoRowsMayGoInABatch() {
        for (String sql : List.of("CREATE TABLE t (id int)", "alter table t add column c text", "DROP TABLE t",
                "COMMENT ON TABLE t IS 'returning rows'", "GRANT SELECT ON t TO app", "TRUNCATE t",
                "DO $$ BEGIN PERFORM 1; END $$", "SET search_path = app", "LOCK TABLE t",
                "INSERT INTO t VALUES (1)", "UPDATE t SET c = 'RETURNING'", "DELETE FROM t WHERE id IN (SELECT 1)",
                "UPDATE t SET c = (SELECT c FROM u LIMIT 1)")) {
            assertThat(StatementTraits.of(sql).returnsNoRows()).as(sql).isTrue();
        }
        for (String sql : List.of("SELECT setval('s', 42)", "WITH x AS (DELETE FROM t) SELECT 1",
                "INSERT INTO t VALUES (1) RETURNING id", "update t set c = 'x' returning *",
                // An escape string's \' and a doubled '' do not end it: the RETURNING after it is seen.
                "INSERT INTO t VALUES (E'it\\'s') RETURNING id", "INSERT INTO t VALUES ('it''s') RETURNING id",
                "DELETE FROM t RETURNING id", "VALUES (1)", "CALL p()", "COPY t FROM STDIN", "EXPLAIN SELECT 1",
                "SHOW work_mem", "TABLE t", "FETCH 1 FROM c",
                // Block comments nest: the statement starts at SELECT.
                "/* outer /* inner */ CREATE TABLE still a comment */ SELECT f(i) FROM generate_series(1, 5) i",
                // Too long for its leading words to show whether RETURNING follows: not batched.
                "UPDATE t SET c = 'x' WHERE" + " c = 'y' AND".repeat(30) + " true RETURNING id")) {
            assertThat(StatementTraits.of(sql).returnsNoRows()).as(sql).isFalse();
        }
    }

    @Test
    void deallocateAndDiscardAreTheStatementsThatDropPreparedOnes() {
        for (String sql : List.of("DEALLOCATE ALL", "deallocate prepare ferry_record_1", "DISCARD ALL",
                "/* reset */ discard plans")) {
            assertThat(StatementTraits.of(sql).deallocates()).as(sql).isTrue();
        }
        for (String sql : List.of("SELECT 'DEALLOCATE ALL'", "PREPARE p AS SELECT 1", "EXECUTE p",
                "DO $$ BEGIN EXECUTE 'DISCARD ALL'; END $$", "RESET ALL")) {
            assertThat(StatementTraits.of(sql).deallocates()).as(sql).isFalse();
        }
    }
}
