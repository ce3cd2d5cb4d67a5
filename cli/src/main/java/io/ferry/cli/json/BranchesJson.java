package io.ferry.cli.json;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import java.util.List;

/** {@code branches}: every revision that two or more revisions revise, with those revisions. */
public record BranchesJson(List<BranchPoint> branchPoints) {

    public record BranchPoint(String id, List<String> children) {
    }

    public static BranchesJson of(RevisionGraph graph, List<Revision> points) {
        return new BranchesJson(points.stream()
                .map(p -> new BranchPoint(p.id(), graph.children(p).stream().map(Revision::id).toList()))
                .toList());
    }
}
