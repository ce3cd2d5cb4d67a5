package io.ferry.migration.history.flyway;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.source.flyway.FlywayMigration;
import io.ferry.migration.source.flyway.FlywayProject;
import java.util.HashMap;
import java.util.Map;

/**
 * A Flyway project's migrations by the revision id their steps carry: a versioned migration's is its
 * version's ({@link io.ferry.migration.source.flyway.FlywayVersion#revisionId()}), a repeatable's is made
 * from its description ({@link #repeatableId}).
 */
public final class MigrationsByRevision {

    private static final String REPEATABLE_PREFIX = "R__";

    private final Map<String, FlywayMigration> byRevision = new HashMap<>();

    public MigrationsByRevision(FlywayProject project) {
        for (FlywayMigration m : project.versioned()) {
            byRevision.put(m.name().version().orElseThrow().revisionId(), m);
        }
        for (FlywayMigration m : project.repeatables()) {
            byRevision.put(repeatableId(m), m);
        }
    }

    /** The id under which a repeatable migration runs as a step, and its runs are logged in {@code ferry_history}. */
    public static String repeatableId(FlywayMigration m) {
        String id = REPEATABLE_PREFIX + m.name().description().replaceAll("[^A-Za-z0-9_]", "_");
        return id.length() > Revision.MAX_ID_LENGTH ? id.substring(0, Revision.MAX_ID_LENGTH) : id;
    }

    /**
     * The migration a step runs.
     *
     * @throws IllegalStateException when no migration of the project has the step's revision id
     */
    public FlywayMigration of(PlannedStep step) {
        FlywayMigration m = byRevision.get(step.revision().id());
        if (m == null) {
            throw new IllegalStateException("no Flyway migration for revision " + step.revision().id());
        }
        return m;
    }

    /** True when a step runs a versioned migration, false for a repeatable one. */
    public boolean isVersioned(PlannedStep step) {
        return of(step).name().version().isPresent();
    }
}
