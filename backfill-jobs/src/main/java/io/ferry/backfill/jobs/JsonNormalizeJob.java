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
 * The rules are one SQL expression ({@link #expression}), so a batch is one {@code UPDATE}, and the dry run
 * counts with the same condition ({@link #changes}): it decides most rows from the stored value's type, so a
 * row already in shape costs a few type checks, never the rewrite.
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
        return SqlUpdate.exact(walker, column, expression(column, ordered, json), changes(column, ordered, json),
                definition);
    }

    private static List<String> ordered(List<String> rules) {
        List<String> ordered = new ArrayList<>(RULES);
        ordered.retainAll(rules);
        return ordered;
    }

    /**
     * The SQL expression of {@code column}'s value after {@code rules} (applied in their fixed order);
     * {@code defaultJson} is the default's JSON text, for the rule {@code default}.
     *
     * <p>The rules are composed per JSON type rather than chained one after another: each rule acts on one
     * type only, and what it makes of a value decides which later rules can still apply. SQL NULL and JSON
     * {@code null} become the default as the later rules leave it (a constant, computed once per statement);
     * an object is wrapped and its keys lower-cased in one step (an array of one element has no repeat); an
     * array's elements are lower-cased and deduplicated in one pass, the repeats found among the lower-cased
     * elements. A value of any other type, or one no listed rule applies to, is returned as it is.
     */
    public static String expression(String column, List<String> rules, String defaultJson) {
        return new Rules(Quote.ident(column), ordered(rules), defaultJson).expression();
    }

    /**
     * A condition that holds exactly for the values of {@code column} that {@link #expression} changes, and
     * that decides most of them without computing the new value: SQL NULL changes under {@code default}, an
     * object under {@code wrap-object}, an array without an upper-case letter in its text only when it has a
     * repeat (under {@code dedupe}). Only an array with such a letter (and an object when it is not wrapped)
     * is compared with its rewritten value. A value the rules leave alone costs a few type checks and, for an
     * array, a look at its text.
     */
    public static String changes(String column, List<String> rules, String defaultJson) {
        return new Rules(Quote.ident(column), ordered(rules), defaultJson).changes();
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

    /** The SQL of the listed rules over one column, by the stored value's JSON type. */
    private record Rules(String v, List<String> rules, String defaultJson) {

        // One jsonb_typeof per row, compared with each type in turn (a simple CASE computes its operand once;
        // each call copies the value). Arrays first: the shape most rows are in once they are normalised. SQL
        // NULL has no type and falls to ELSE.

        String expression() {
            StringBuilder sql = new StringBuilder("CASE jsonb_typeof(").append(v).append(")");
            array().ifPresent(a -> sql.append(" WHEN 'array' THEN ").append(a));
            object().ifPresent(o -> sql.append(" WHEN 'object' THEN ").append(o));
            if (rules.contains("default")) {
                String defaulted = defaulted();
                return sql.append(" WHEN 'null' THEN ").append(defaulted).append(" ELSE coalesce(").append(v).append(", ")
                        .append(defaulted).append(") END").toString();
            }
            return sql.append(" ELSE ").append(v).append(" END").toString();
        }

        String changes() {
            StringBuilder sql = new StringBuilder("CASE jsonb_typeof(").append(v).append(")");
            boolean lower = rules.contains("lowercase-keys");
            boolean dedupe = rules.contains("dedupe");
            if (lower || dedupe) {
                // Whether an array has a repeat is cheaper to ask than what deduplicating it gives; without an
                // upper-case letter in its text, that is all that can change it. With one, the rewritten
                // array is compared (the letter may be in a value, where nothing changes).
                // Two or three elements, the commonest arrays, are compared pair by pair (jsonb's = is the equality
                // GROUP BY uses): a set-returning function and a grouping per row cost several times more.
                String repeats = "CASE jsonb_array_length(" + v + ") WHEN 0 THEN false WHEN 1 THEN false"
                        + " WHEN 2 THEN " + v + "->0 = " + v + "->1"
                        + " WHEN 3 THEN " + v + "->0 IN (" + v + "->1, " + v + "->2) OR " + v + "->1 = " + v + "->2"
                        + " ELSE EXISTS (SELECT FROM jsonb_array_elements(" + v
                        + ") AS _r(value) GROUP BY _r.value HAVING count(*) > 1) END";
                String rewritten = v + " <> " + array().orElseThrow();
                sql.append(" WHEN 'array' THEN ").append(!lower ? repeats : "CASE WHEN " + sameInLowerCase(v) + " THEN "
                        + (dedupe ? repeats : "false") + " ELSE " + rewritten + " END");
            }
            if (rules.contains("wrap-object")) {
                // An object becomes an array: it always changes, and no later rule makes an object of it.
                sql.append(" WHEN 'object' THEN true");
            } else if (rules.contains("lowercase-keys")) {
                sql.append(" WHEN 'object' THEN ").append(hasUpper(v)).append(" AND ").append(v).append(" <> ")
                        .append(object().orElseThrow());
            }
            if (rules.contains("default")) {
                // The default is a JSON value, never SQL NULL, so SQL NULL always changes; JSON null changes
                // unless the default, as the later rules leave it, is JSON null too.
                return sql.append(" WHEN 'null' THEN ").append(defaulted()).append(" <> 'null'::jsonb ELSE ").append(v)
                        .append(" IS NULL END").toString();
            }
            return sql.append(" ELSE false END").toString();
        }

        /**
         * The default after the later rules: a scalar subquery over a constant, which PostgreSQL evaluates
         * once per statement.
         */
        private String defaulted() {
            List<String> later = rules.stream().filter(r -> !r.equals("default")).toList();
            String value = Quote.literal(defaultJson) + "::jsonb";
            if (later.isEmpty()) {
                return value;
            }
            return "(SELECT " + new Rules("_dv.v", later, null).expression() + " FROM (SELECT " + value
                    + " AS v) AS _dv)";
        }

        /** What the rules make of an object {@code v}, when some rule changes objects. */
        private Optional<String> object() {
            boolean wrap = rules.contains("wrap-object");
            boolean lower = rules.contains("lowercase-keys");
            if (!wrap && !lower) {
                return Optional.empty();
            }
            // Wrapped, the object is an array of one element: its keys are lowered all the same, and it has
            // no repeat for dedupe to remove.
            String lowered = lower ? "CASE WHEN " + sameInLowerCase(v) + " THEN " + v + " ELSE " + lowerKeys(v, "_k")
                    + " END" : v;
            return Optional.of(wrap ? "jsonb_build_array(" + lowered + ")" : lowered);
        }

        /** What the rules make of an array {@code v}, when some rule changes arrays. */
        private Optional<String> array() {
            boolean lower = rules.contains("lowercase-keys");
            boolean dedupe = rules.contains("dedupe");
            if (!lower && !dedupe) {
                return Optional.empty();
            }
            String elements = "jsonb_array_elements(" + v + ") WITH ORDINALITY AS _e(value, pos)";
            String loweredElement = "CASE WHEN jsonb_typeof(_e.value) = 'object' THEN " + lowerKeys("_e.value", "_ek")
                    + " ELSE _e.value END";
            // Repeats found among the elements as given: the first of each, in place.
            String deduped = "CASE WHEN jsonb_array_length(" + v + ") > 1 THEN " + firstOfEach("_e.value", elements)
                    + " ELSE " + v + " END";
            if (!lower) {
                return Optional.of(deduped);
            }
            // Text without an upper-case letter has no key to lower: the elements stay, unparsed.
            String lowered = dedupe ? firstOfEach(loweredElement, elements)
                    : "(SELECT coalesce(jsonb_agg(" + loweredElement + " ORDER BY _e.pos), '[]'::jsonb) FROM " + elements + ")";
            return Optional.of("CASE WHEN " + sameInLowerCase(v) + " THEN " + (dedupe ? deduped : v) + " ELSE " + lowered
                    + " END");
        }

        /** The first of each distinct {@code element} over {@code elements}, in their order, as an array. */
        private static String firstOfEach(String element, String elements) {
            return "(SELECT coalesce(jsonb_agg(_d.value ORDER BY _d.first), '[]'::jsonb) FROM (SELECT " + element
                    + " AS value, min(_e.pos) AS first FROM " + elements + " GROUP BY 1) AS _d)";
        }

        /** True when {@code json}'s text has no letter that lower-casing changes (so no key to lower). */
        private static String sameInLowerCase(String json) {
            return json + "::text = lower(" + json + "::text)";
        }

        private static String hasUpper(String json) {
            return json + "::text <> lower(" + json + "::text)";
        }

        /** The object {@code object} with its keys lower-cased; of two keys that meet, the last by byte wins. */
        private static String lowerKeys(String object, String alias) {
            return "(SELECT coalesce(jsonb_object_agg(lower(" + alias + ".key), " + alias + ".value ORDER BY " + alias
                    + ".key COLLATE \"C\"), '{}'::jsonb) FROM jsonb_each(" + object + ") AS " + alias + ")";
        }
    }
}
