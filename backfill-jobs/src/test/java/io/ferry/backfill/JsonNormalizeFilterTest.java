package io.ferry.backfill;

import static io.ferry.backfill.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.backfill.jobs.JsonNormalizeJob;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * json-normalize's rules and its change condition: a row no rule changes is never written (its version,
 * xmin and ctid, stays); for every combination of rules (and defaults), the expression gives what the rules
 * applied one after another give, and the condition holds for exactly the rows whose value that changes.
 */
class JsonNormalizeFilterTest {

    /** Each value, and what all four rules (default {@code []}) make of it; the same text when nothing changes. */
    private static final String[][] SHAPES = {
        // The shapes of docs/examples/proposals/generate.sql.
        {null, "[]"},
        {"null", "[]"},
        {"{\"Lang\": \"en\", \"Tone\": \"formal\"}", "[{\"lang\": \"en\", \"tone\": \"formal\"}]"},
        {"[{\"lang\": \"de\"}, {\"lang\": \"de\"}]", "[{\"lang\": \"de\"}]"},
        {"[{\"lang\": \"en\", \"tone\": \"plain\"}]", "[{\"lang\": \"en\", \"tone\": \"plain\"}]"},
        // Edge cases.
        {"[]", "[]"},
        {"{}", "[{}]"},
        {"[{}, {}]", "[{}]"},
        {"[{\"A\": 1}]", "[{\"a\": 1}]"},
        {"[{\"A\": 1}, {\"a\": 1}]", "[{\"a\": 1}]"},
        {"{\"A\": 1, \"a\": 2}", "[{\"a\": 2}]"},
        {"[[{\"A\": 1}]]", "[[{\"A\": 1}]]"},
        {"[{\"a\": {\"B\": 1}}]", "[{\"a\": {\"B\": 1}}]"},
        {"[{\"a\": [{\"B\": 1}, {\"B\": 1}]}]", "[{\"a\": [{\"B\": 1}, {\"B\": 1}]}]"},
        {"{\"a\": {\"B\": 1}}", "[{\"a\": {\"B\": 1}}]"},
        {"[{\"Name\": \"X\"}, {\"name\": \"X\"}]", "[{\"name\": \"X\"}]"},
        {"[{\"name\": \"UPPER VALUE\"}]", "[{\"name\": \"UPPER VALUE\"}]"},
        {"[\"X\", \"X\"]", "[\"X\"]"},
        {"[\"x\", \"y\"]", "[\"x\", \"y\"]"},
        {"[1, [1], 1, [1]]", "[1, [1]]"},
        {"[1, 1, 2]", "[1, 2]"},
        {"[1, 2, 1]", "[1, 2]"},
        {"[2, 1, 1]", "[2, 1]"},
        {"[1, 2, 3]", "[1, 2, 3]"},
        {"[1, 1]", "[1]"},
        {"[{\"a\": 1}, {\"a\": 1}, {\"a\": 1}]", "[{\"a\": 1}]"},
        {"[null, null]", "[null]"},
        {"[null]", "[null]"},
        {"\"Text\"", "\"Text\""},
        {"\"null\"", "\"null\""},
        {"42", "42"},
        {"true", "true"},
        {"[{\"ÄB\": 1}]", null},
        {"{\"Straße\": \"Ü\"}", null},
    };

    private static final List<String> RULES = List.of("default", "wrap-object", "lowercase-keys", "dedupe");

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    /**
     * The shapes, each 50 times, as rows of {@code shapes(id, v, expected)} with {@code id % 100} the shape's
     * index; expected is NULL where it depends on the database's locale (upper case beyond ASCII).
     */
    private static void shapes() throws Exception {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < SHAPES.length; i++) {
            values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ").append(literal(SHAPES[i][0]))
                    .append(", ").append(literal(SHAPES[i][1])).append(")");
        }
        db.execute("DROP TABLE IF EXISTS shapes", "CREATE TABLE shapes (id int PRIMARY KEY, v jsonb, expected jsonb)",
                "INSERT INTO shapes SELECT s.n * 100 + s.shape, s.v::jsonb, s.expected::jsonb FROM (VALUES " + values
                        + ") AS x(shape, v, expected), LATERAL (SELECT n, x.shape, x.v, x.expected"
                        + " FROM generate_series(0, 49) AS n) AS s",
                "VACUUM ANALYZE shapes");
    }

    private static String literal(String json) {
        return json == null ? "NULL" : "'" + json.replace("'", "''") + "'";
    }

    @Test
    void rowsNoRuleChangesAreNotWrittenAndTheOthersAre() throws Exception {
        shapes();
        db.execute("CREATE TABLE before AS SELECT id, v, xmin::text AS was_xmin, ctid AS was_ctid FROM shapes");
        Backfills backfills = Fixtures.backfills(db, dir, job("variants", "json-normalize", Map.of("table", "shapes",
                "key", "id", "column", "v", "default", "[]", "rules", RULES)));

        RunResult run = backfills.run("variants", RunSettings.defaults().batchSize(100), new RunControl());

        assertThat(db.column("SELECT count(*) FROM shapes WHERE expected IS NOT NULL AND v IS DISTINCT FROM expected"))
                .as("rows whose value is not the expected one after the run").containsExactly("0");
        assertThat(run.rowsChanged()).isEqualTo(Long.parseLong(db.column("SELECT count(*) FROM before b JOIN shapes s"
                + " USING (id) WHERE b.v IS DISTINCT FROM s.v").get(0)));
        assertThat(db.column("SELECT count(*) FROM before b JOIN shapes s USING (id) WHERE b.v IS NOT DISTINCT FROM s.v"
                + " AND (b.was_xmin <> s.xmin::text OR b.was_ctid <> s.ctid)"))
                .as("rows left as they were but written anyway (a new xmin or ctid)").containsExactly("0");
        assertThat(db.column("SELECT count(*) FROM before b JOIN shapes s USING (id) WHERE b.v IS DISTINCT FROM s.v"
                + " AND b.was_xmin = s.xmin::text")).as("changed rows keeping their old version").containsExactly("0");
        long alone = java.util.Arrays.stream(SHAPES).filter(s -> s[1] != null && s[1].equals(s[0])).count();
        assertThat(db.column("SELECT count(DISTINCT id % 100) FROM before b JOIN shapes s USING (id)"
                + " WHERE s.expected IS NOT NULL AND b.v IS NOT DISTINCT FROM s.v")).as("shapes left alone")
                .containsExactly(String.valueOf(alone));
    }

    /** Defaults that test the rules after {@code default}: one each of them changes, and JSON null. */
    private static final List<String> DEFAULTS = List.of("[]", "null", "{\"K\": [1, 1]}", "[{\"A\": 1}, {\"a\": 2}, \"x\", \"x\"]");

    @Test
    void theExpressionIsTheRulesOneAfterAnotherAndItsConditionHoldsExactlyWhereItChangesTheValue() throws Exception {
        shapes();
        int combinations = 0;
        for (int mask = 1; mask < 1 << RULES.size(); mask++) {
            List<String> subset = new ArrayList<>();
            for (int r = 0; r < RULES.size(); r++) {
                if ((mask & 1 << r) != 0) {
                    subset.add(RULES.get(r));
                }
            }
            for (String dflt : subset.contains("default") ? DEFAULTS : java.util.Collections.<String>singletonList(null)) {
                combinations++;
                String reference = RulesOneAfterAnother.expression("v", subset, dflt);
                String after = JsonNormalizeJob.expression("v", subset, dflt);
                String changes = JsonNormalizeJob.changes("v", subset, dflt);
                assertThat(db.column("SELECT count(*) FROM shapes WHERE v IS DISTINCT FROM " + reference))
                        .as("rows %s (default %s) changes", subset, dflt).isNotEqualTo(List.of("0"));
                assertThat(db.column("SELECT count(*) FROM shapes WHERE (" + after + ") IS DISTINCT FROM " + reference))
                        .as("rows where %s (default %s) differs from the rules one after another", subset, dflt)
                        .containsExactly("0");
                assertThat(db.column("SELECT count(*) FROM shapes WHERE (" + changes + ") IS DISTINCT FROM (v IS DISTINCT"
                        + " FROM " + reference + ")")).as("rows whose change %s (default %s) misjudges", subset, dflt)
                        .containsExactly("0");
            }
        }
        assertThat(combinations).isEqualTo(7 + 8 * DEFAULTS.size());
    }
}
