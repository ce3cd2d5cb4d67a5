package io.ferry.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.cli.json.ExplainJson;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.api.FerryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A named query's plan, from PostgreSQL's {@code EXPLAIN (FORMAT JSON)}. */
final class QueryPlan {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private QueryPlan() {
    }

    /**
     * Explains {@code query} on {@code c} (in autocommit); with {@code analyze} runs it too, inside a
     * transaction that is rolled back, so that whatever it writes is undone.
     */
    static ExplainJson.Query explain(Connection c, NamedQuery query, boolean analyze, String file) {
        String json;
        try {
            c.setAutoCommit(!analyze);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("EXPLAIN (" + (analyze ? "ANALYZE, " : "") + "FORMAT JSON) "
                         + query.sql())) {
                rs.next();
                json = rs.getString(1);
            } finally {
                if (analyze) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            FerryException db = SqlErrors.translate("explaining " + query.name(), e);
            throw new FerryException(db.code(), file + " line " + query.line() + " (" + query.name() + "): "
                    + db.getMessage(), "fix the query; " + (analyze ? "what it ran was rolled back" : "it did not run"),
                    e);
        }
        return of(query, json, analyze);
    }

    /** The plan {@code json} (EXPLAIN's output) describes, with the query's expectations checked against it. */
    static ExplainJson.Query of(NamedQuery query, String json, boolean analyze) {
        JsonNode top;
        try {
            top = MAPPER.readTree(json).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ExplainJson.Node> nodes = new ArrayList<>();
        walk(top.get("Plan"), 0, analyze, nodes);
        List<String> indexes = nodes.stream().map(ExplainJson.Node::index).filter(i -> i != null).distinct().toList();
        List<ExplainJson.Expectation> expectations = query.expectations().stream().map(e -> {
            String why = e.unmet(indexes);
            return new ExplainJson.Expectation(e.text(), e.line(), why == null, why);
        }).toList();
        Double actualMs = analyze && top.has("Execution Time") ? top.get("Execution Time").asDouble() : null;
        return new ExplainJson.Query(query.name(), query.line(), nodes.get(0).cost(), actualMs, !indexes.isEmpty(),
                indexes, nodes, expectations);
    }

    private static void walk(JsonNode plan, int depth, boolean analyze, List<ExplainJson.Node> nodes) {
        // EXPLAIN's text says "Delete on t" where its JSON says ModifyTable, operation Delete.
        String type = plan.path("Node Type").asText();
        if (type.equals("ModifyTable") && plan.hasNonNull("Operation")) {
            type = plan.get("Operation").asText();
        }
        nodes.add(new ExplainJson.Node(depth, type, text(plan, "Relation Name"),
                text(plan, "Index Name"), plan.path("Total Cost").asDouble(),
                analyze && plan.has("Actual Total Time") ? plan.get("Actual Total Time").asDouble() : null,
                analyze && plan.has("Actual Rows") ? plan.get("Actual Rows").asLong() : null));
        for (JsonNode child : plan.path("Plans")) {
            walk(child, depth + 1, analyze, nodes);
        }
    }

    private static String text(JsonNode plan, String field) {
        return plan.hasNonNull(field) ? plan.get(field).asText() : null;
    }
}
