package io.ferry.migration.lint;

import java.util.Map;
import java.util.Optional;

/**
 * How to lint: the row count from which a table is large ({@code lint.large-table} in {@code ferry.yaml}), and each
 * rule's level where {@code ferry.yaml} sets one ({@code lint.rules}).
 */
public record LintSettings(long largeTableRows, Map<String, Level> levels) {

    /** The default threshold of a large table, in rows. */
    public static final long DEFAULT_LARGE_TABLE_ROWS = 100_000;

    /** The defaults: large from 100k rows, every rule at its own level. */
    public static final LintSettings DEFAULTS = new LintSettings(DEFAULT_LARGE_TABLE_ROWS, Map.of());

    /** What {@code ferry.yaml} may set a rule to. */
    public enum Level {
        /** Never report it. */
        OFF,
        /** Report it as a warning, whatever the table's size. */
        WARNING,
        /** Report it as an error, whatever the table's size. */
        ERROR
    }

    public LintSettings {
        if (largeTableRows < 0) {
            throw new IllegalArgumentException("largeTableRows must not be negative: " + largeTableRows);
        }
        levels = Map.copyOf(levels);
    }

    /** True when the rule runs. */
    public boolean enabled(LintRule rule) {
        Level level = levels.get(rule.id());
        return level == null ? rule.enabledByDefault() : level != Level.OFF;
    }

    /** The severity a finding of {@code rule} gets: {@code ferry.yaml}'s level, else what the rule decided. */
    public Optional<Severity> severity(LintRule rule, Severity decided) {
        Level level = levels.get(rule.id());
        if (level == null) {
            return Optional.of(decided);
        }
        return switch (level) {
            case OFF -> Optional.empty();
            case WARNING -> Optional.of(Severity.WARNING);
            case ERROR -> Optional.of(Severity.ERROR);
        };
    }
}
