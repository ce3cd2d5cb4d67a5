package io.ferry.migration.graph;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Compact graph construction for tests. */
final class Graphs {

    private Graphs() {
    }

    /** A revision with the given parents, from a file named after it. */
    static Revision.Builder rev(String id, String... parents) {
        return Revision.builder(id).parents(parents).origin(id + ".sql");
    }

    static RevisionGraph graph(Revision.Builder... revisions) {
        return RevisionGraph.of(Arrays.stream(revisions).map(Revision.Builder::build).toList());
    }

    static List<String> ids(Collection<Revision> revisions) {
        return revisions.stream().map(Revision::id).toList();
    }

    static List<String> steps(List<Step> steps) {
        return steps.stream().map(Step::toString).toList();
    }
}
