package io.ferry.migration.lint.rules;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.lint.Catalog;
import io.ferry.migration.lint.Finding;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.LintSettings;
import io.ferry.migration.lint.Linter;
import io.ferry.migration.lint.LiveCatalog;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

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

    /**
     * Every rule's findings in {@code revisions}, with the facts of the database behind {@code database}, read on a
     * session of its own that changes nothing.
     */
    public static List<Finding> lintLive(DataSource database, LintSettings settings, List<Revision> revisions) {
        try (Session session = Session.open(database)) {
            return linter(settings, new LiveCatalog(session.connection())).lint(revisions);
        }
    }

    /** A linter with every rule. */
    public static Linter linter(LintSettings settings, Catalog catalog) {
        return new Linter(ALL, settings, catalog);
    }

    /** The rule with this id. */
    public static Optional<LintRule> find(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
