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
}
