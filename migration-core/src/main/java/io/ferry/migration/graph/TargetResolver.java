package io.ferry.migration.graph;

import io.ferry.migration.ErrorCode;
import io.ferry.migration.FerryException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Works out what a parsed {@link Target} means for one graph and one database state (its current
 * heads). Upgrades need the revisions to reach; downgrades need the revisions whose descendants go.
 */
final class TargetResolver {

    private static final String GRAMMAR_HINT =
            "name the branch (LABEL@+1, LABEL@head) or a revision (REV+1), or see: ferry branches";

    private final RevisionGraph graph;
    private final Set<Revision> current;
    private final Set<Revision> applied;

    TargetResolver(RevisionGraph graph, Set<Revision> current) {
        this.graph = graph;
        this.current = current;
        this.applied = graph.ancestors(current);
    }

    /** The revisions an upgrade to {@code target} must reach. */
    List<Revision> forUpgrade(Target target) {
        if (target instanceof Target.Heads) {
            return graph.heads();
        }
        if (target instanceof Target.Base || target instanceof Target.BranchBase) {
            throw notAnUpgradeTarget(target.text());
        }
        if (target instanceof Target.Relative r) {
            if (r.steps() < 0 && r.anchor().isEmpty()) {
                throw new FerryException(ErrorCode.INVALID_TARGET,
                        "'" + r.text() + "' steps back from the current head, which only a downgrade does",
                        "to go back, the command is: ferry downgrade " + r.text());
            }
            Position p = walk(r);
            return List.of(p.revision().orElseThrow(() -> notAnUpgradeTarget(r.text())));
        }
        return List.of(single(target));
    }

    /**
     * The revisions that a downgrade to {@code target} removes together with all their descendants
     * (only those applied are actually removed).
     */
    Set<Revision> dropRootsForDowngrade(Target target) {
        if (target instanceof Target.Base) {
            return new LinkedHashSet<>(graph.bases());
        }
        if (target instanceof Target.BranchBase b) {
            return branchRoots(b.label());
        }
        if (target instanceof Target.Heads) {
            throw new FerryException(ErrorCode.INVALID_TARGET, "'heads' is not a downgrade target",
                    "downgrade to a revision, -N, base or LABEL@base");
        }
        if (target instanceof Target.Relative r) {
            if (r.steps() > 0 && r.anchor().isEmpty()) {
                throw new FerryException(ErrorCode.INVALID_TARGET,
                        "'" + r.text() + "' steps forward from the current head, which only an upgrade does",
                        "to go forward, the command is: ferry upgrade " + r.text());
            }
            Position p = walk(r);
            return p.revision().isPresent() ? keep(r.text(), p.revision().get()) : p.dropFrom();
        }
        return keep(target.text(), single(target));
    }

    /** The one revision a head, revision or branch-revision target names. */
    private Revision single(Target target) {
        if (target instanceof Target.Head h) {
            return singleHead(h.text(), graph.heads(), null);
        }
        if (target instanceof Target.Ref r) {
            return graph.resolveRef(r.ref());
        }
        if (target instanceof Target.BranchHead b) {
            return branchHead(b.text(), b.label());
        }
        if (target instanceof Target.BranchRef b) {
            return onBranch(b.label(), graph.resolveRef(b.ref()));
        }
        throw new IllegalArgumentException("not a single-revision target: " + target);
    }

    /** Downgrading to a revision keeps it: what goes is everything its children lead to. */
    private Set<Revision> keep(String text, Revision revision) {
        if (!applied.contains(revision)) {
            throw new FerryException(ErrorCode.NOT_APPLIED,
                    "cannot downgrade to " + describe(text, revision) + ": it is not applied (current heads: "
                            + headsText() + ")",
                    "downgrade only goes back to applied revisions; see them with: ferry history --indicate-current");
        }
        return new LinkedHashSet<>(graph.children(revision));
    }

    // ---------------------------------------------------------------- relative steps

    /**
     * Where a relative step lands: on a revision, or below the first revision(s) of a line of history
     * (a downgrade that removes them too).
     */
    private record Position(Optional<Revision> revision, Set<Revision> dropFrom) {
        static Position at(Revision r) {
            return new Position(Optional.of(r), Set.of());
        }

        static Position below(Collection<Revision> first) {
            return new Position(Optional.empty(), new LinkedHashSet<>(first));
        }
    }

    private Position walk(Target.Relative r) {
        String label = r.label().orElse(null);
        if (label != null) {
            requireLabel(label);
        }
        Position start = r.anchor().isEmpty() ? currentPosition(r, label) : anchorPosition(r, label);
        return r.steps() > 0 ? walkUp(r, start, r.steps(), label) : walkDown(r, start, -r.steps());
    }

    private Position anchorPosition(Target.Relative r, String label) {
        String anchor = r.anchor().get();
        if (anchor.equals("head")) {
            return Position.at(label == null ? singleHead(r.text(), graph.heads(), null) : branchHead(r.text(), label));
        }
        if (anchor.equals("base")) {
            return Position.below(label == null ? graph.bases() : branchRoots(label));
        }
        Revision revision = graph.resolveRef(anchor);
        return Position.at(label == null ? revision : onBranch(label, revision));
    }

    /** The database's position, narrowed to a branch when a label is given. */
    private Position currentPosition(Target.Relative r, String label) {
        List<Revision> tips = graph.tips(current);
        if (label != null) {
            tips = graph.tips(applied.stream().filter(x -> graph.branchLabels(x).contains(label)).toList());
            if (tips.isEmpty()) {
                return Position.below(branchRoots(label));
            }
        }
        if (tips.isEmpty()) {
            if (r.steps() < 0) {
                throw new FerryException(ErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                        "cannot step " + r.text() + ": nothing is applied", "the database is already at base");
            }
            return Position.below(graph.bases());
        }
        if (tips.size() > 1) {
            throw new FerryException(ErrorCode.MULTIPLE_HEADS,
                    "'" + r.text() + "' is ambiguous: the database has several current heads (" + RevisionGraph.ids(tips)
                            + ")",
                    GRAMMAR_HINT);
        }
        return Position.at(tips.get(0));
    }

    private Position walkUp(Target.Relative r, Position start, int steps, String label) {
        Revision at = start.revision().orElse(null);
        List<Revision> next = at == null ? new ArrayList<>(start.dropFrom()) : graph.children(at);
        for (int step = 1; step <= steps; step++) {
            if (label != null) {
                next = next.stream().filter(x -> graph.branchLabels(x).contains(label)).toList();
            }
            if (next.isEmpty()) {
                throw new FerryException(ErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                        "'" + r.text() + "' goes past the head: " + (at == null ? "there is no revision to step to"
                                : at.id() + " is a head, reached after " + (step - 1) + " step(s)"),
                        "use a smaller step, or head");
            }
            if (next.size() > 1) {
                throw new FerryException(ErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                        "'" + r.text() + "' crosses a branch point: after " + (at == null ? "base" : at.id())
                                + " the history splits into " + RevisionGraph.ids(next),
                        GRAMMAR_HINT);
            }
            at = next.get(0);
            next = graph.children(at);
        }
        return Position.at(at);
    }

    private Position walkDown(Target.Relative r, Position start, int steps) {
        if (start.revision().isEmpty()) {
            throw new FerryException(ErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                    "'" + r.text() + "' goes past base", "use a smaller step, or base");
        }
        Revision at = start.revision().get();
        for (int step = 1; step <= steps; step++) {
            if (at.isBase()) {
                if (step == steps) {
                    return Position.below(List.of(at));
                }
                throw new FerryException(ErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                        "'" + r.text() + "' goes past base: " + at.id() + " is a base, reached after " + (step - 1)
                                + " step(s)",
                        "use a smaller step, or base");
            }
            if (at.isMerge()) {
                throw new FerryException(ErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                        "'" + r.text() + "' crosses a merge point: " + at.id() + " joins "
                                + String.join(", ", at.parents()),
                        "step down from one of the merged revisions instead (REV-N), or name the target revision");
            }
            at = graph.get(at.parents().get(0));
        }
        return Position.at(at);
    }

    // ---------------------------------------------------------------- heads and branches

    private Revision singleHead(String text, List<Revision> heads, String label) {
        if (heads.isEmpty()) {
            throw new FerryException(ErrorCode.UNKNOWN_REVISION,
                    label == null ? "'" + text + "': there are no migrations" : "branch '" + label + "' has no head",
                    "create one with: ferry revision -m MESSAGE");
        }
        if (heads.size() > 1) {
            throw new FerryException(ErrorCode.MULTIPLE_HEADS,
                    "'" + text + "' is ambiguous: " + (label == null ? "the migrations have" : "branch " + label + " has")
                            + " several heads (" + RevisionGraph.ids(heads) + ")",
                    "upgrade all of them with 'heads', pick one with LABEL@head or its id, or join them with:"
                            + " ferry merge " + String.join(" ", heads.stream().map(Revision::id).toList())
                            + " -m MESSAGE");
        }
        return heads.get(0);
    }

    private Revision branchHead(String text, String label) {
        requireLabel(label);
        return singleHead(text, graph.heads().stream().filter(h -> graph.branchLabels(h).contains(label)).toList(),
                label);
    }

    private Revision onBranch(String label, Revision revision) {
        requireLabel(label);
        if (!graph.branchLabels(revision).contains(label)) {
            Set<String> labels = graph.branchLabels(revision);
            throw new FerryException(ErrorCode.UNKNOWN_REVISION,
                    "revision " + revision.id() + " is not on branch '" + label + "'"
                            + (labels.isEmpty() ? "" : " (it is on " + String.join(", ", labels) + ")"),
                    "see the branches with: ferry branches");
        }
        return revision;
    }

    /** The first revisions of a branch: members whose parents are not members. */
    private Set<Revision> branchRoots(String label) {
        requireLabel(label);
        Set<Revision> roots = new LinkedHashSet<>();
        for (Revision r : graph.revisions()) {
            if (graph.branchLabels(r).contains(label)
                    && r.parents().stream().noneMatch(p -> graph.branchLabels(graph.get(p)).contains(label))) {
                roots.add(r);
            }
        }
        return roots;
    }

    private void requireLabel(String label) {
        if (!graph.branchLabelOwners().containsKey(label)) {
            Set<String> known = graph.branchLabelOwners().keySet();
            throw new FerryException(ErrorCode.UNKNOWN_BRANCH,
                    "no branch labelled '" + label + "'"
                            + (known.isEmpty() ? " (no revision declares a branch label)"
                            : " (known labels: " + String.join(", ", known) + ")"),
                    "declare one with '-- ferry:branch-labels NAME' in the branch's first revision");
        }
    }

    private String headsText() {
        return current.isEmpty() ? "none, the database is at base" : RevisionGraph.ids(current);
    }

    private static String describe(String text, Revision revision) {
        return text.equals(revision.id()) ? revision.id() : "'" + text + "' (" + revision.id() + ")";
    }

    private static FerryException notAnUpgradeTarget(String text) {
        return new FerryException(ErrorCode.INVALID_TARGET,
                "'" + text + "' is the point before the first revision, not a revision",
                "name a revision here (an id, head, LABEL@head); base is only a downgrade target");
    }
}
