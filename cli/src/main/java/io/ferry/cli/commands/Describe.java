package io.ferry.cli.commands;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How revisions are written for people and for JSON. */
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

    /** The revision as a JSON object. */
    static Map<String, Object> json(RevisionGraph graph, Revision r, Boolean applied, boolean verbose) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("parents", r.parents());
        m.put("message", r.message());
        if (applied != null) {
            m.put("applied", applied);
        }
        if (verbose) {
            m.put("children", graph.children(r).stream().map(Revision::id).toList());
            m.put("dependsOn", r.dependsOn());
            m.put("branchLabels", List.copyOf(graph.branchLabels(r)));
            m.put("file", r.origin());
            m.put("transactional", r.transactional());
            m.put("reversible", r.isReversible());
            m.put("checksum", r.checksum());
        }
        return m;
    }

    private static String ids(List<Revision> revisions) {
        return revisions.isEmpty() ? "-" : String.join(", ", revisions.stream().map(Revision::id).toList());
    }
}
