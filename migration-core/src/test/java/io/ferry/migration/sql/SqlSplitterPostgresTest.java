package io.ferry.migration.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the splitter cuts, PostgreSQL accepts statement by statement, with the same effect as intended. */
class SqlSplitterPostgresTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String SCRIPT = """
            -- a script with every quoting form the splitter knows
            CREATE TABLE "odd;name" ("semi;colon" text, note text);

            INSERT INTO "odd;name" VALUES ('a;b', 'it''s; quoted'), (E'c\\'d;', $$e;f$$);

            /* a block comment /* nested; */ still a comment; */
            CREATE FUNCTION add_one(x int) RETURNS int AS $body$
            DECLARE
              y int;
            BEGIN
              y := x + 1;  -- statement; inside the body
              RETURN y;
            END;
            $body$ LANGUAGE plpgsql;

            CREATE FUNCTION twice(x int) RETURNS int
            LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN x IS NULL THEN 0 ELSE x * 2 END;
            END;

            DO $$
            BEGIN
              INSERT INTO "odd;name" VALUES ('from do;', 'block');
            END
            $$;
            """;

    @Test
    void everyStatementRunsAndTheirEffectsAreWhatTheScriptSays() throws Exception {
        List<SqlStatement> statements = SqlSplitter.split(SCRIPT);
        assertThat(statements).hasSize(5);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (SqlStatement statement : statements) {
                s.execute(statement.sql());
            }
        }
        assertThat(db.query("SELECT \"semi;colon\", note FROM \"odd;name\" ORDER BY 1")).containsExactly(
                List.of("a;b", "it's; quoted"),
                List.of("c'd;", "e;f"),
                List.of("from do;", "block"));
        assertThat(db.column("SELECT add_one(41)")).containsExactly("42");
        assertThat(db.column("SELECT twice(21)")).containsExactly("42");
    }
}
