package io.ferry.migration.plan;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.graph.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Turns a graph, the database's current heads and a target into a {@link Plan}. */
public final class Planner {

    private final RevisionGraph graph;

    public Planner(RevisionGraph graph) {
        this.graph = graph;
    }

    public Plan upgrade(List<String> current, String target) {
        return plan(Direction.UPGRADE, current, target, graph.upgradePath(current, target));
    }

    public Plan downgrade(List<String> current, String target) {
        List<Step> path = graph.downgradePath(current, target);
        for (Step step : path) {
            if (!step.revision().isReversible()) {
                throw new FerryException(MigrationErrorCode.IRREVERSIBLE_REVISION,
                        "cannot downgrade past " + step.revision().id() + " (" + step.revision().origin()
                                + "): it has no down section",
                        Remedy.of("add a '-- ferry:down' section to that file; if you reverted it by hand,"
                                + " record that with: ", MigrationRemedy.STAMP));
            }
        }
        return plan(Direction.DOWNGRADE, current, target, path);
    }

    /** Follows the heads through the path, one revision at a time, as {@code ferry_version} will move. */
    private Plan plan(Direction direction, List<String> current, String target, List<Step> path) {
        Set<String> applied = new HashSet<>();
        graph.ancestors(current.stream().map(graph::get).toList()).forEach(r -> applied.add(r.id()));
        Set<String> heads = new LinkedHashSet<>(graph.tips(current.stream().map(graph::get).toList())
                .stream().map(Revision::id).toList());
        List<PlannedStep> steps = new ArrayList<>();
        for (Step step : path) {
            Revision r = step.revision();
            List<String> before = List.copyOf(heads);
            if (direction == Direction.UPGRADE) {
                applied.add(r.id());
                heads.removeAll(r.parents());
                graph.dependencies(r).forEach(d -> heads.remove(d.id()));
                heads.add(r.id());
            } else {
                applied.remove(r.id());
                heads.remove(r.id());
                Stream.concat(graph.parents(r).stream(), graph.dependencies(r).stream()).distinct()
                        .filter(p -> !coveredByApplied(p, applied))
                        .forEach(p -> heads.add(p.id()));
            }
            steps.add(new PlannedStep(r, direction,
                    direction == Direction.UPGRADE ? r.up() : r.down().orElseThrow(), before, List.copyOf(heads)));
        }
        return new Plan(direction, target, current, steps);
    }

    /** True when something applied comes right after {@code r}: then {@code r} is not a head. */
    private boolean coveredByApplied(Revision r, Set<String> applied) {
        return Stream.concat(graph.children(r).stream(), graph.dependents(r).stream())
                .anyMatch(next -> applied.contains(next.id()));
    }
}
