package io.ferry.cli.commands;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import java.util.List;

/** How revisions are written for people. */
final class Describe {

    private Describe() {
    }

    /** Heads for people: {@code a1, b2}, or {@code base} when there are none. */
    static String heads(List<String> ids) {
        return ids.isEmpty() ? "base" : String.join(", ", ids);
    }

    /** {@code a1b2c3 (billing), add invoices}. */
    static String line(RevisionGraph graph, Revision r) {
        String labels = graph.branchLabels(r).isEmpty() ? "" : " (" + String.join(", ", graph.branchLabels(r)) + ")";
        return r.id() + labels + (r.message().isEmpty() ? "" : ", " + r.message());
    }

    /** The revision's details, one {@code key: value} line each. */
    static List<String> details(RevisionGraph graph, Revision r) {
        return List.of(
                "Revision:      " + r.id(),
                "Parents:       " + heads(r.parents()),
                "Children:      " + ids(graph.children(r)),
                "Depends on:    " + (r.dependsOn().isEmpty() ? "-" : String.join(", ", r.dependsOn())),
                "Branch labels: " + (graph.branchLabels(r).isEmpty() ? "-" : String.join(", ", graph.branchLabels(r))),
                "Message:       " + r.message(),
                "File:          " + r.origin(),
                "Transactional: " + (r.transactional() ? "yes" : "no, statement by statement"),
                "Reversible:    " + (r.isReversible() ? "yes" : "no (no down section)"),
                "Checksum:      " + r.checksum());
    }

    private static String ids(List<Revision> revisions) {
        return revisions.isEmpty() ? "-" : String.join(", ", revisions.stream().map(Revision::id).toList());
    }
}
