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
        List<String> ordered = new ArrayList<>(RULES);
        ordered.retainAll(rules);
        String expression = Quote.ident(column);
        int step = 0;
        for (String rule : ordered) {
            expression = step(expression, ++step, rule, json);
        }
        Map<String, Object> definition = context.definition(type(), walker);
        definition.put("column", column);
        definition.put("rules", ordered);
        if (json != null) {
            definition.put("default", json);
        }
        return new SqlUpdate(walker, Map.of(column, expression), Optional.empty(), definition);
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
     * One rule over the previous expression. The previous value is computed once, in a subquery, and
     * named {@code _fN.v}: nesting the text instead would repeat it several times per rule.
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
                body = "CASE jsonb_typeof(" + v + ") WHEN 'object' THEN " + lowerKeys(v, n)
                        + " WHEN 'array' THEN (SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(_e" + n + ".value) ="
                        + " 'object' THEN " + lowerKeys("_e" + n + ".value", n * 10 + 1) + " ELSE _e" + n + ".value END"
                        + " ORDER BY _e" + n + ".pos), '[]'::jsonb) FROM jsonb_array_elements(" + v + ") WITH ORDINALITY"
                        + " AS _e" + n + "(value, pos)) ELSE " + v + " END";
                break;
            case "dedupe":
                body = "CASE WHEN jsonb_typeof(" + v + ") = 'array' THEN (SELECT coalesce(jsonb_agg(_d" + n
                        + ".value ORDER BY _d" + n + ".first), '[]'::jsonb) FROM (SELECT _e" + n + ".value, min(_e" + n
                        + ".pos) AS first FROM jsonb_array_elements(" + v + ") WITH ORDINALITY AS _e" + n
                        + "(value, pos) GROUP BY _e" + n + ".value) AS _d" + n + ") ELSE " + v + " END";
                break;
            default:
                throw new IllegalArgumentException(rule);
        }
        return "(SELECT " + body + " FROM (SELECT " + previous + " AS v) AS _f" + n + ")";
    }

    private static String lowerKeys(String object, int n) {
        return "(SELECT coalesce(jsonb_object_agg(lower(_k" + n + ".key), _k" + n + ".value ORDER BY _k" + n
                + ".key COLLATE \"C\"), '{}'::jsonb) FROM jsonb_each(" + object + ") AS _k" + n + ")";
    }
}
