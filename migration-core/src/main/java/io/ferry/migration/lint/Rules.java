package io.ferry.migration.lint;

import io.ferry.migration.lint.rules.IndexWithoutConcurrently;
import java.util.List;
import java.util.Optional;

/** Every lint rule Ferry has, in the order {@code docs/lint.md} lists them. */
public final class Rules {

    private static final List<LintRule> ALL = List.of(
            new IndexWithoutConcurrently());

    private Rules() {
    }

    public static List<LintRule> all() {
        return ALL;
    }

    /** The rule with this id. */
    public static Optional<LintRule> find(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
