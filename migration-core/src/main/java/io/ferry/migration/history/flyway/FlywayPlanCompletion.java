package io.ferry.migration.history.flyway;

import io.ferry.migration.graph.Direction;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.plan.PlanCompletion;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.source.flyway.FlywayMigration;
import io.ferry.migration.source.flyway.FlywayProject;
import io.ferry.migration.source.flyway.FlywayVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of a Flyway upgrade that the chain of versions does not give, read from
 * {@code flyway_schema_history}: the repeatable migrations to run after the newest version, and, with
 * {@code outOfOrder}, the versions below the newest applied one that never ran.
 */
public final class FlywayPlanCompletion implements PlanCompletion {

    private final FlywayHistory table;
    private final FlywayProject project;
    private final boolean outOfOrder;

    /**
     * @param outOfOrder also apply versions lower than the newest applied one that were never applied, as
     *                   Flyway's {@code outOfOrder} does (otherwise they are ignored)
     */
    public FlywayPlanCompletion(FlywayHistory table, FlywayProject project, boolean outOfOrder) {
        this.table = table;
        this.project = project;
        this.outOfOrder = outOfOrder;
    }

    /**
     * Adds the repeatable migrations to an upgrade that reaches the newest version: those never applied
     * and those whose checksum changed since, in description order, as Flyway runs them. With
     * {@code outOfOrder}, the skipped versions come first. A downgrade stays as it is.
     */
    @Override
    public Plan complete(Connection c, Plan plan) throws SQLException {
        if (plan.direction() != Direction.UPGRADE) {
            return plan;
        }
        List<FlywayHistoryRow> rows = table.rows(c);
        List<String> headsAfter = plan.headsAfter();
        List<PlannedStep> steps = new ArrayList<>();
        if (outOfOrder) {
            steps.addAll(skippedVersions(rows, plan.headsBefore()));
        }
        steps.addAll(plan.steps());
        String newest = project.versioned().isEmpty() ? null
                : project.versioned().get(project.versioned().size() - 1).name().version().orElseThrow().revisionId();
        if (newest == null || headsAfter.contains(newest)) {
            steps.addAll(changedRepeatables(rows, headsAfter));
        }
        return new Plan(plan.direction(), plan.target(), plan.headsBefore(), steps);
    }

    /** Versions below the newest applied one that never ran (and are not below a baseline). */
    private List<PlannedStep> skippedVersions(List<FlywayHistoryRow> rows, List<String> heads) {
        java.util.Set<FlywayVersion> applied = new java.util.HashSet<>();
        FlywayVersion baseline = null;
        for (FlywayHistoryRow row : rows) {
            if (row.success() && row.version().isPresent()) {
                applied.add(row.version().get());
                if (row.isBaseline()) {
                    baseline = row.version().get();
                }
            }
        }
        Optional<FlywayVersion> highest = applied.stream().max(FlywayVersion::compareTo);
        List<PlannedStep> steps = new ArrayList<>();
        for (FlywayMigration m : project.versioned()) {
            FlywayVersion v = m.name().version().orElseThrow();
            boolean skipped = highest.isPresent() && v.compareTo(highest.get()) < 0 && !applied.contains(v)
                    && (baseline == null || v.compareTo(baseline) > 0);
            if (skipped) {
                steps.add(upgradeStep(v.revisionId(), m, heads));
            }
        }
        return steps;
    }

    /** Repeatables never applied, or whose checksum changed since, in description order. */
    private List<PlannedStep> changedRepeatables(List<FlywayHistoryRow> rows, List<String> heads) {
        Map<String, Integer> latest = new HashMap<>();
        for (FlywayHistoryRow row : rows) {
            if (row.version().isEmpty() && row.success()) {
                latest.put(row.description(), row.checksum().orElse(null));
            }
        }
        List<PlannedStep> steps = new ArrayList<>();
        for (FlywayMigration m : project.repeatables()) {
            Integer applied = latest.get(m.name().description());
            if (!latest.containsKey(m.name().description()) || !java.util.Objects.equals(applied, m.checksum())) {
                steps.add(upgradeStep(MigrationsByRevision.repeatableId(m), m, heads));
            }
        }
        return steps;
    }

    /** A step that runs a migration without moving the heads. */
    private static PlannedStep upgradeStep(String id, FlywayMigration m, List<String> heads) {
        Revision r = Revision.builder(id).message(m.name().description()).up(m.body())
                .transactional(m.transactional()).checksum(m.checksumText())
                .origin(m.file().toString()).build();
        return new PlannedStep(r, Direction.UPGRADE, m.body(), heads, heads);
    }
}
