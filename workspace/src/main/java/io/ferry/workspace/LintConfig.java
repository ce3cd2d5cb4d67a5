package io.ferry.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.LintSettings;
import io.ferry.migration.lint.rules.Rules;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code lint:} key of {@code ferry.yaml}: either a word ({@code lint: error|warn|off}, what {@code upgrade}
 * does with the findings of the revisions it is about to run), or a map
 * {@code {on-run: error|warn|off, large-table: 100000, rules: {rule-id: off|warn|error}}}. Both places take the
 * same words, {@code warn} also written {@code warning}.
 *
 * @param onRun    what {@code upgrade} and {@code migrate} do with the findings before they run anything
 * @param settings the large-table threshold and the rule levels, for every lint
 */
public record LintConfig(OnRun onRun, LintSettings settings) {

    /** Without a {@code lint:} key: findings are printed before a run, which goes on; 100k rows is large. */
    public static final LintConfig DEFAULTS = new LintConfig(OnRun.WARN, LintSettings.DEFAULTS);

    private static final String KEYS = "on-run, large-table, rules";

    /** What {@code upgrade} and {@code migrate} do with lint before they run. */
    public enum OnRun {
        /** Print the findings and refuse to run when an error remains unsuppressed. */
        ERROR,
        /** Print the findings and run. */
        WARN,
        /** Do not lint before a run. */
        OFF;

        /** The word {@code ferry.yaml} uses: {@code error}, {@code warn}, {@code off}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads the {@code lint:} section; {@link #DEFAULTS} when there is none.
     *
     * @throws FerryException {@code invalid-configuration} naming the key and the values it accepts
     */
    static LintConfig parse(JsonNode section, Path file) {
        if (section == null || section.isNull()) {
            return DEFAULTS;
        }
        if (!section.isObject()) {
            return new LintConfig(onRun(section, file, "lint"), LintSettings.DEFAULTS);
        }
        OnRun onRun = OnRun.WARN;
        long largeTable = LintSettings.DEFAULT_LARGE_TABLE_ROWS;
        Map<String, LintSettings.Level> levels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "on-run" -> onRun = onRun(e.getValue(), file, "lint.on-run");
                case "large-table" -> largeTable = largeTable(e.getValue(), file);
                case "rules" -> levels = levels(e.getValue(), file);
                default -> throw invalid(file, "lint." + e.getKey() + " is not a lint setting", "the keys of lint are "
                        + KEYS);
            }
        }
        return new LintConfig(onRun, new LintSettings(largeTable, levels));
    }

    private static OnRun onRun(JsonNode value, Path file, String key) {
        String word = level(value);
        for (OnRun o : OnRun.values()) {
            if (o.id().equals(word)) {
                return o;
            }
        }
        throw invalid(file, key + " '" + value.asText() + "' is not known", "write " + key + ": error (refuse to run"
                + " a revision with a lint error), warn or warning (the default: print the findings and run) or off");
    }

    private static long largeTable(JsonNode value, Path file) {
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw invalid(file, "lint.large-table '" + value.asText() + "' is not a number of rows",
                    "write lint.large-table: ROWS, a whole number such as " + LintSettings.DEFAULT_LARGE_TABLE_ROWS
                            + " (the default): from that many rows a table is large");
        }
        return value.asLong();
    }

    private static Map<String, LintSettings.Level> levels(JsonNode rules, Path file) {
        if (!rules.isObject()) {
            throw invalid(file, "lint.rules must be a map of rule ids to levels",
                    "write lint.rules: {RULE: off|warn|error}, a rule on each line below it");
        }
        Map<String, LintSettings.Level> levels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (Rules.find(e.getKey()).isEmpty()) {
                throw invalid(file, "lint.rules: no rule '" + e.getKey() + "'", "the rules are "
                        + Rules.all().stream().map(LintRule::id).collect(Collectors.joining(", "))
                        + " (see docs/lint.md)");
            }
            LintSettings.Level level = switch (level(e.getValue())) {
                case "off" -> LintSettings.Level.OFF;
                case "warn" -> LintSettings.Level.WARNING;
                case "error" -> LintSettings.Level.ERROR;
                default -> throw invalid(file, "lint.rules." + e.getKey() + " '" + e.getValue().asText()
                        + "' is not a level", "write lint.rules." + e.getKey() + ": off, warn (or warning) or error");
            };
            levels.put(e.getKey(), level);
        }
        return levels;
    }

    /**
     * A level word as both {@code on-run} and {@code rules} take it: {@code error}, {@code warn} (also written
     * {@code warning}) or {@code off}; any other word as it is.
     */
    private static String level(JsonNode value) {
        String word = word(value);
        return word.equals("warning") ? "warn" : word;
    }

    /** A scalar in lower case; YAML reads a bare {@code off} as false, which means off here. */
    private static String word(JsonNode value) {
        if (value.isBoolean() && !value.asBoolean()) {
            return "off";
        }
        return value.isTextual() ? value.asText().strip().toLowerCase(Locale.ROOT) : "";
    }

    private static FerryException invalid(Path file, String message, String hint) {
        return new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, file + ": " + message, hint);
    }
}
