package io.ferry.backfill.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.backfill.BackfillJob;
import io.ferry.backfill.BatchWork;
import io.ferry.backfill.JobContext;
import io.ferry.backfill.JobOptions;
import io.ferry.backfill.KeysetWalker;
import io.ferry.backfill.SqlUpdate;
import io.ferry.backfill.Table;
import io.ferry.migration.sql.Quote;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code type: json-normalize}: rewrites a {@code jsonb} column by declared rules, applied in this order,
 * on the rows where the result differs:
 * <ul>
 *   <li>{@code default}: SQL NULL or JSON {@code null} becomes {@code default} (a JSON value);</li>
 *   <li>{@code wrap-object}: an object becomes a one-element array holding it;</li>
 *   <li>{@code lowercase-keys}: the keys of a top-level object, and of objects that are elements of a
 *       top-level array, are lower-cased (when two keys meet, the one that sorts last by byte wins);</li>
 *   <li>{@code dedupe}: repeated elements of a top-level array are removed, the first of each kept in place.</li>
 * </ul>
 * Each rule is a pure SQL expression, so a batch is one {@code UPDATE} and the dry run uses the same one.
 * Before the rules' expression runs, a cheap test on the stored value ({@link #mayChange}) rejects the rows
 * that no listed rule can change, so a row already in shape costs a few type checks, never the rewrite.
 */
public final class JsonNormalizeJob implements BackfillJob {

    static final String KEYS = "table, key, column, default, rules";
    static final List<String> RULES = List.of("default", "wrap-object", "lowercase-keys", "dedupe");

    @Override
    public String type() {
        return "json-normalize";
    }

    @Override
    public BatchWork prepare(JobContext context) throws SQLException {
        JobOptions options = context.options();
        options.rejectUnknown(KEYS);
        KeysetWalker walker = context.walker();
        Table table = walker.table();
        String column = options.string("column");
        Optional<Object> defaultValue = options.raw("default");
        // Without a rules list: every rule, 'default' only when a default value is given.
        List<String> rules = options.optionalNames("rules").orElse(defaultValue.isPresent() ? RULES : RULES.subList(1, 4));
        context.requireColumns(table, "column", List.of(column));
        if (!"jsonb".equals(table.type(column).orElseThrow())) {
            throw context.invalid("column '" + column + "' is " + table.type(column).orElseThrow() + ", not jsonb",
                    "json-normalize works on jsonb columns");
        }
        for (String rule : rules) {
            if (!RULES.contains(rule)) {
                throw context.invalid("rule '" + rule + "' is not known", "the rules are " + String.join(", ", RULES));
            }
        }
        String json = null;
        if (rules.contains("default")) {
            json = defaultJson(context, defaultValue.orElseThrow(() -> context.invalid(
                    "rule 'default' needs a default value", "add default: [] (any JSON value)")));
        } else if (defaultValue.isPresent()) {
            throw context.invalid("'default' is set but the rule 'default' is not listed", "add it to rules");
        }
        List<String> ordered = ordered(rules);
        Map<String, Object> definition = context.definition(type(), walker);
        definition.put("column", column);
        definition.put("rules", ordered);
        if (json != null) {
            definition.put("default", json);
        }
        return new SqlUpdate(walker, Map.of(column, expression(column, ordered, json)),
                Optional.of(mayChange(column, ordered)), definition);
    }

    private static List<String> ordered(List<String> rules) {
        List<String> ordered = new ArrayList<>(RULES);
        ordered.retainAll(rules);
        return ordered;
    }

    /**
     * The SQL expression of {@code column}'s value after {@code rules} (applied in their fixed order);
     * {@code defaultJson} is the default's JSON text, for the rule {@code default}.
     */
    public static String expression(String column, List<String> rules, String defaultJson) {
        String expression = Quote.ident(column);
        int step = 0;
        for (String rule : ordered(rules)) {
            expression = step(expression, ++step, rule, defaultJson);
        }
        return expression;
    }

    /** The default as JSON text: a string in ferry.yaml is read as JSON text, anything else as the value. */
    private static String defaultJson(JobContext context, Object value) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            if (value instanceof String s) {
                return mapper.writeValueAsString(mapper.readTree(s));
            }
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw context.invalid("default " + value + " is not JSON: " + e.getOriginalMessage(),
                    "write a JSON value, for example default: '[]'");
        }
    }

    /**
     * A condition on {@code columnName} that holds for every value some rule in {@code rules} changes, and
     * that costs a few type checks: the OR of each rule's own test on the stored value. Testing the stored
     * value is enough: a rule that fails its test leaves the value as it was, so the first rule that
     * changes a value sees the stored one. The exact check (the result differs) still follows; this only
     * keeps the rows that cannot change away from it.
     */
    public static String mayChange(String columnName, List<String> rules) {
        String column = Quote.ident(columnName);
        List<String> tests = new ArrayList<>();
        for (String rule : ordered(rules)) {
            tests.add(switch (rule) {
                case "default" -> column + " IS NULL OR jsonb_typeof(" + column + ") = 'null'";
                case "wrap-object" -> "jsonb_typeof(" + column + ") = 'object'";
                // An upper-case letter anywhere in the text: one in a key is among them.
                case "lowercase-keys" -> "jsonb_typeof(" + column + ") IN ('object', 'array') AND " + column
                        + "::text <> lower(" + column + "::text)";
                // Only an array of two elements or more can hold a repeat; CASE keeps the length to arrays.
                case "dedupe" -> "CASE WHEN jsonb_typeof(" + column + ") = 'array' THEN jsonb_array_length(" + column
                        + ") > 1 ELSE false END";
                default -> throw new IllegalArgumentException(rule);
            });
        }
        return tests.stream().map(t -> "(" + t + ")").collect(Collectors.joining(" OR "));
    }

    /**
     * One rule over the previous expression. The previous value is computed once, in a subquery, and
     * named {@code _fN.v}: nesting the text instead would repeat it several times per rule. The costly
     * rules first test whether they can change the value at all.
     */
    private static String step(String previous, int n, String rule, String defaultJson) {
        String v = "_f" + n + ".v";
        String body;
        switch (rule) {
            case "default":
                body = "CASE WHEN " + v + " IS NULL OR jsonb_typeof(" + v + ") = 'null' THEN "
                        + Quote.literal(defaultJson) + "::jsonb ELSE " + v + " END";
                break;
            case "wrap-object":
                body = "CASE WHEN jsonb_typeof(" + v + ") = 'object' THEN jsonb_build_array(" + v + ") ELSE " + v + " END";
                break;
            case "lowercase-keys":
                // Text without an upper-case letter has no key to lower: the value stays, unparsed.
                body = "CASE WHEN " + v + "::text = lower(" + v + "::text) THEN " + v
                        + " WHEN jsonb_typeof(" + v + ") = 'object' THEN " + lowerKeys(v, n)
                        + " WHEN jsonb_typeof(" + v + ") = 'array' THEN (SELECT coalesce(jsonb_agg(CASE WHEN"
                        + " jsonb_typeof(_e" + n + ".value) = 'object' THEN " + lowerKeys("_e" + n + ".value", n * 10 + 1)
                        + " ELSE _e" + n + ".value END ORDER BY _e" + n + ".pos), '[]'::jsonb) FROM"
                        + " jsonb_array_elements(" + v + ") WITH ORDINALITY AS _e" + n + "(value, pos)) ELSE " + v + " END";
                break;
            case "dedupe":
                // An array of one element or none has no repeat to remove (nested CASE: the length of
                // an array only).
                body = "CASE WHEN jsonb_typeof(" + v + ") = 'array' THEN CASE WHEN jsonb_array_length(" + v + ") > 1"
                        + " THEN (SELECT coalesce(jsonb_agg(_d" + n + ".value ORDER BY _d" + n + ".first), '[]'::jsonb)"
                        + " FROM (SELECT _e" + n + ".value, min(_e" + n + ".pos) AS first FROM jsonb_array_elements(" + v
                        + ") WITH ORDINALITY AS _e" + n + "(value, pos) GROUP BY _e" + n + ".value) AS _d" + n + ")"
                        + " ELSE " + v + " END ELSE " + v + " END";
                break;
            default:
                throw new IllegalArgumentException(rule);
        }
        // OFFSET 0 keeps the planner from pulling the subquery up, which would copy the previous
        // expression into every place that names _fN.v and evaluate it that many times.
        return "(SELECT " + body + " FROM (SELECT " + previous + " AS v OFFSET 0) AS _f" + n + ")";
    }

    private static String lowerKeys(String object, int n) {
        return "(SELECT coalesce(jsonb_object_agg(lower(_k" + n + ".key), _k" + n + ".value ORDER BY _k" + n
                + ".key COLLATE \"C\"), '{}'::jsonb) FROM jsonb_each(" + object + ") AS _k" + n + ")";
    }
}
