package io.ferry.migration.lint;

import io.ferry.migration.lint.rules.AddingNotNullColumn;
import io.ferry.migration.lint.rules.CharType;
import io.ferry.migration.lint.rules.Cluster;
import io.ferry.migration.lint.rules.ConstraintNotValid;
import io.ferry.migration.lint.rules.ConstraintWithoutIndex;
import io.ferry.migration.lint.rules.DropCascade;
import io.ferry.migration.lint.rules.DropIndexWithoutConcurrently;
import io.ferry.migration.lint.rules.DroppingColumnOrTable;
import io.ferry.migration.lint.rules.IdempotentCreate;
import io.ferry.migration.lint.rules.IndexWithoutConcurrently;
import io.ferry.migration.lint.rules.IntPrimaryKey;
import io.ferry.migration.lint.rules.LockTable;
import io.ferry.migration.lint.rules.MixedSchemaAndData;
import io.ferry.migration.lint.rules.ReindexWithoutConcurrently;
import io.ferry.migration.lint.rules.RenamingColumnOrTable;
import io.ferry.migration.lint.rules.RewritingTypeChange;
import io.ferry.migration.lint.rules.SerialType;
import io.ferry.migration.lint.rules.SetNotNull;
import io.ferry.migration.lint.rules.TimestampWithoutTimeZone;
import io.ferry.migration.lint.rules.Truncate;
import io.ferry.migration.lint.rules.VacuumFull;
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
            new IndexWithoutConcurrently(),
            new DropIndexWithoutConcurrently(),
            new ReindexWithoutConcurrently(),
            new VacuumFull(),
            new Cluster(),
            new LockTable(),
            new Truncate(),
            new IdempotentCreate(),
            new MixedSchemaAndData(),
            new TimestampWithoutTimeZone(),
            new CharType(),
            new SerialType(),
            new IntPrimaryKey());

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
