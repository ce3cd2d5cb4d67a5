package io.ferry.backfill;

import io.ferry.migration.sql.Quote;
import java.util.List;

/**
 * json-normalize's rules as the documentation defines them, for tests to hold the job's expression to: each
 * listed rule in turn, in the fixed order, over the value the previous one left, with no shortcut (every
 * object's keys are lowered and every array deduplicated, whatever their text).
 */
final class RulesOneAfterAnother {

    private RulesOneAfterAnother() {
    }

    /** The value of {@code column} after {@code rules}, applied one after another. */
    static String expression(String column, List<String> rules, String defaultJson) {
        String value = Quote.ident(column);
        int n = 0;
        for (String rule : List.of("default", "wrap-object", "lowercase-keys", "dedupe")) {
            if (rules.contains(rule)) {
                n++;
                String p = "_p" + n + ".v";
                String body = switch (rule) {
                    case "default" -> "CASE WHEN " + p + " IS NULL OR jsonb_typeof(" + p + ") = 'null' THEN "
                            + Quote.literal(defaultJson) + "::jsonb ELSE " + p + " END";
                    case "wrap-object" -> "CASE WHEN jsonb_typeof(" + p + ") = 'object' THEN jsonb_build_array(" + p
                            + ") ELSE " + p + " END";
                    case "lowercase-keys" -> "CASE WHEN jsonb_typeof(" + p + ") = 'object' THEN " + lowerKeys(p, "_o" + n)
                            + " WHEN jsonb_typeof(" + p + ") = 'array' THEN (SELECT coalesce(jsonb_agg(CASE WHEN"
                            + " jsonb_typeof(_a" + n + ".value) = 'object' THEN " + lowerKeys("_a" + n + ".value", "_ao" + n)
                            + " ELSE _a" + n + ".value END ORDER BY _a" + n + ".pos), '[]'::jsonb) FROM jsonb_array_elements("
                            + p + ") WITH ORDINALITY AS _a" + n + "(value, pos)) ELSE " + p + " END";
                    default -> "CASE WHEN jsonb_typeof(" + p + ") = 'array' THEN (SELECT coalesce(jsonb_agg(_u" + n
                            + ".value ORDER BY _u" + n + ".first), '[]'::jsonb) FROM (SELECT _a" + n + ".value, min(_a" + n
                            + ".pos) AS first FROM jsonb_array_elements(" + p + ") WITH ORDINALITY AS _a" + n
                            + "(value, pos) GROUP BY _a" + n + ".value) AS _u" + n + ") ELSE " + p + " END";
                };
                value = "(SELECT " + body + " FROM (SELECT " + value + " AS v OFFSET 0) AS _p" + n + ")";
            }
        }
        return value;
    }

    /** Keys lower-cased; of two keys that meet, the value of the one that sorts last by byte is kept. */
    private static String lowerKeys(String object, String alias) {
        return "(SELECT coalesce(jsonb_object_agg(lower(" + alias + ".key), " + alias + ".value ORDER BY " + alias
                + ".key COLLATE \"C\"), '{}'::jsonb) FROM jsonb_each(" + object + ") AS " + alias + ")";
    }
}
