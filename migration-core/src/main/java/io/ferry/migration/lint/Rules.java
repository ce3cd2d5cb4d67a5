package io.ferry.migration.lint;

import io.ferry.migration.lint.rules.AddingNotNullColumn;
import io.ferry.migration.lint.rules.ConstraintNotValid;
import io.ferry.migration.lint.rules.ConstraintWithoutIndex;
import io.ferry.migration.lint.rules.DropCascade;
import io.ferry.migration.lint.rules.DroppingColumnOrTable;
import io.ferry.migration.lint.rules.IndexWithoutConcurrently;
import io.ferry.migration.lint.rules.RenamingColumnOrTable;
import io.ferry.migration.lint.rules.RewritingTypeChange;
import io.ferry.migration.lint.rules.SetNotNull;
import io.ferry.migration.lint.rules.VolatileDefault;
import java.util.List;
import java.util.Optional;

/** Every lint rule Ferry has, in the order {@code docs/lint.md} lists them. */
public final class Rules {

    private static final List<LintRule> ALL = List.of(
            new AddingNotNullColumn(),
            new VolatileDefault(),
            new RewritingTypeChange(),
            new SetNotNull(),
            new ConstraintWithoutIndex(),
            new ConstraintNotValid(),
            new RenamingColumnOrTable(),
            new DroppingColumnOrTable(),
            new DropCascade(),
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
