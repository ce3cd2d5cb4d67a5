package io.ferry.migration.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlSplitterTest {

    private static List<String> texts(String sql) {
        return SqlSplitter.split(sql).stream().map(SqlStatement::sql).toList();
    }

    @Test
    void splitsOnSemicolonsAndDropsBlankStatements() {
        assertThat(texts("SELECT 1;\n\nSELECT 2;;  ;\nSELECT 3")).containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
        assertThat(texts("")).isEmpty();
        assertThat(texts("  ;\n -- only a comment\n")).isEmpty();
    }

    @Test
    void semicolonInsideASingleQuotedStringDoesNotSplit() {
        assertThat(texts("INSERT INTO t VALUES ('a;b');SELECT 'it''s; fine';"))
                .containsExactly("INSERT INTO t VALUES ('a;b')", "SELECT 'it''s; fine'");
    }

    @Test
    void escapeStringsHonourBackslashes() {
        assertThat(texts("SELECT E'don\\'t; stop';SELECT e'\\\\';SELECT 2"))
                .containsExactly("SELECT E'don\\'t; stop'", "SELECT e'\\\\'", "SELECT 2");
    }

    @Test
    void aBackslashInAStandardStringIsJustACharacter() {
        // With standard_conforming_strings on (the default), '\' is a complete string.
        assertThat(texts("SELECT '\\';SELECT 2")).containsExactly("SELECT '\\'", "SELECT 2");
        // A word ending in e before a quote is not an escape-string prefix.
        assertThat(texts("SELECT name='\\';SELECT 2")).containsExactly("SELECT name='\\'", "SELECT 2");
    }

    @Test
    void semicolonInsideAQuotedIdentifierDoesNotSplit() {
        assertThat(texts("CREATE TABLE \"a;b\" (\"c\"\"; d\" int);SELECT 1"))
                .containsExactly("CREATE TABLE \"a;b\" (\"c\"\"; d\" int)", "SELECT 1");
    }

    @Test
    void dollarQuotedBodiesKeepTheirSemicolons() {
        String fn = """
                CREATE FUNCTION bump(x int) RETURNS int AS $body$
                DECLARE
                  y int;
                BEGIN
                  y := x + 1; -- a comment; with a semicolon
                  RETURN y;
                END;
                $body$ LANGUAGE plpgsql""";
        assertThat(texts(fn + ";\nSELECT bump(1);")).containsExactly(fn, "SELECT bump(1)");
    }

    @Test
    void doBlocksWithPlainDollarQuotes() {
        String block = "DO $$\nBEGIN\n  PERFORM 1;\n  RAISE NOTICE 'done; really';\nEND\n$$";
        assertThat(texts(block + ";\nSELECT 1;")).containsExactly(block, "SELECT 1");
    }

    @Test
    void nestedDollarQuotesWithDifferentTags() {
        String sql = "SELECT $outer$ a $inner$ ; $inner$ b ; $outer$";
        assertThat(texts(sql + "; SELECT 2")).containsExactly(sql, "SELECT 2");
    }

    @Test
    void positionalParametersAndDollarsInIdentifiersAreNotQuotes() {
        assertThat(texts("PREPARE p AS SELECT $1;SELECT a$b$c FROM t;SELECT 3"))
                .containsExactly("PREPARE p AS SELECT $1", "SELECT a$b$c FROM t", "SELECT 3");
    }

    @Test
    void lineCommentsHideSemicolonsAndQuotes() {
        assertThat(texts("SELECT 1 -- it's; not the end\n+ 1;\n-- between; statements\nSELECT 2;"))
                .containsExactly("SELECT 1 -- it's; not the end\n+ 1", "SELECT 2");
    }

    @Test
    void blockCommentsNest() {
        assertThat(texts("/* outer /* inner; */ still; comment */ SELECT 1; SELECT /* ; */ 2"))
                .containsExactly("SELECT 1", "SELECT /* ; */ 2");
    }

    @Test
    void sqlStandardFunctionBodiesKeepTheirSemicolons() {
        String fn = """
                CREATE OR REPLACE FUNCTION pick(x int) RETURNS int
                LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
                  SELECT x;
                END""";
        assertThat(texts(fn + ";\nSELECT pick(2);")).containsExactly(fn, "SELECT pick(2)");
        // BEGIN in a plain statement is a transaction, not a body.
        assertThat(texts("BEGIN; SELECT 1; END;")).containsExactly("BEGIN", "SELECT 1", "END");
    }

    @Test
    void statementsCarryTheLineOfTheirFirstToken() {
        List<SqlStatement> statements = SqlSplitter.split("""
                -- header comment
                SELECT 1;

                /* a comment
                   over lines */
                SELECT
                  'a
                b';
                SELECT 3;""", 10);
        assertThat(statements).extracting(SqlStatement::line).containsExactly(11, 15, 18);
    }

    @Test
    void unterminatedQuotesAndCommentsAreReportedWithTheirLine() {
        assertThatThrownBy(() -> SqlSplitter.split("SELECT 1;\nSELECT 'oops;\n"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("string opened at line 2 is never closed");
        assertThatThrownBy(() -> SqlSplitter.split("SELECT 1;\n\nDO $x$ BEGIN END $y$;"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("dollar-quoted string opened at line 3")
                .hasMessageContaining("$x$");
        assertThatThrownBy(() -> SqlSplitter.split("/* /* */ SELECT 1;"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("block comment opened at line 1");
        assertThatThrownBy(() -> SqlSplitter.split("SELECT \"x;"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("quoted identifier");
        assertThatThrownBy(() -> SqlSplitter.split("SELECT E'\\';"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageContaining("escape string");
    }
}
