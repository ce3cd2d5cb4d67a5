package io.ferry.cli.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code explain}: for each named query of the file, its plan's nodes, the indexes it uses, its
 * estimated cost (and, with {@code --analyze}, how long it took), and whether each expectation is met;
 * {@code ok} is false when one is not.
 */
public record ExplainJson(boolean ok, List<Query> queries) {

    public static ExplainJson of(List<Query> queries) {
        return new ExplainJson(queries.stream().allMatch(Query::ok), queries);
    }

    /** One query's plan; {@code actualMs} only with {@code --analyze}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Query(String name, int line, double cost, Double actualMs, boolean usesIndex,
                        List<String> indexes, List<Node> nodes, List<Expectation> expectations) {

        public boolean ok() {
            return expectations.stream().allMatch(Expectation::met);
        }
    }

    /**
     * A plan node, depth 0 for the top one: its type ({@code Index Scan}), the table and index it reads,
     * its estimated total cost, and with {@code --analyze} its actual time (per loop) and rows.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(int depth, String type, String relation, String index, double cost, Double actualMs,
                       Long actualRows) {
    }

    /** {@code index NAME} (or {@code index}, any), the file's line, and why it is not met (null when met). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Expectation(String expect, int line, boolean met, String why) {
    }
}
