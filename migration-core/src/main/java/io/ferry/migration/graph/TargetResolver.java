package io.ferry.migration.graph;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Works out what a parsed {@link Target} means for one graph and one database state (the rows of
 * {@code ferry_version}), with Alembic's rules:
 *
 * <ul>
 *   <li>A branch selector ({@code X@...}) is a branch label or a revision; it stands for a
 *       <em>lineage</em>: the revision that declares the label (or the named revision) with all its
 *       ancestors and descendants through {@code revises}. Revisions below a branch point belong to the
 *       lineage of every branch that grows from them.</li>
 *   <li>Relative steps walk that lineage: {@code LABEL@base+2} counts from the lineage's base, and
 *       {@code LABEL@-1} steps down from the database's position on it, through shared revisions.</li>
 *   <li>Walking up filters children by the lineage; walking down follows {@code revises} and stops at
 *       a merge (which parent?).</li>
 * </ul>
 *
 * <p>A position of {@link Optional#empty()} is <em>base</em>: below every revision of the line.
 */
final class TargetResolver {

    private static final Remedy GRAMMAR_HINT = Remedy.of(
            "name the branch (LABEL@+1, LABEL@head) or a revision (REV+1), or see: ", MigrationRemedy.SHOW_BRANCHES);

    /** The line of history a target selects, as written, and the revision that stands for it. */
    record Branch(String name, Revision selector, Set<Revision> lineage, boolean named) {
        boolean contains(Revision r) {
            return lineage.contains(r);
        }
    }

    /** Where a downgrade goes: the revision it keeps (empty: base), on the branch the target selects. */
    record Destination(Optional<Revision> revision, Optional<Branch> branch) {
    }

    private final RevisionGraph graph;
    private final List<Revision> rows;
    private final Set<Revision> applied;

    /** @param rows what {@code ferry_version} holds */
    TargetResolver(RevisionGraph graph, Collection<Revision> rows) {
        this.graph = graph;
        this.rows = graph.sorted(rows);
        this.applied = graph.ancestors(rows);
    }

    // ---------------------------------------------------------------- upgrade

    /** The revisions an upgrade to {@code target} must reach. */
    List<Revision> forUpgrade(Target target) {
        if (target instanceof Target.Heads) {
            return graph.heads();
        }
        if (target instanceof Target.BranchHeads b) {
            return headsOf(branch(b.label()), b.text());
        }
        if (target instanceof Target.Base || target instanceof Target.BranchBase) {
            throw notAnUpgradeTarget(target.text());
        }
        if (target instanceof Target.Relative r) {
            Optional<Branch> branch = r.label().map(this::branch);
            Optional<Revision> end;
            if (r.steps() > 0) {
                Optional<Revision> start = r.anchor().isEmpty() ? upgradeStart(r, branch) : anchor(r, branch, false);
                end = walkUp(r, start, r.steps(), branch);
            } else {
                if (r.anchor().isEmpty()) {
                    throw new FerryException(MigrationErrorCode.INVALID_TARGET,
                            "'" + r.text() + "' steps back from the current head, which only a downgrade does",
                            Remedy.of("to go back, the command is: ", MigrationRemedy.DOWNGRADE.with(r.text())));
                }
                end = walkDown(r, anchor(r, branch, true), -r.steps());
            }
            return List.of(end.orElseThrow(() -> notAnUpgradeTarget(r.text())));
        }
        return List.of(single(target));
    }

    /**
     * Where {@code +N} starts: the database's head, or, with a branch, its head on that lineage. When no
     * head is on the lineage, the walk starts from the latest applied revisions the lineage shares (a
     * branch point, say), or from base when it shares none.
     */
    private Optional<Revision> upgradeStart(Target.Relative r, Optional<Branch> branch) {
        List<Revision> from = rows;
        if (branch.isPresent()) {
            from = rows.stream().filter(branch.get()::contains).toList();
            if (from.isEmpty()) {
                from = graph.tips(applied.stream().filter(branch.get()::contains).toList());
            }
        }
        if (from.size() > 1) {
            throw new FerryException(MigrationErrorCode.MULTIPLE_HEADS,
                    "'" + r.text() + "' is ambiguous: the database has several current heads" + on(branch) + " ("
                            + RevisionGraph.ids(from) + ")",
                    GRAMMAR_HINT);
        }
        return from.stream().findFirst();
    }

    // ---------------------------------------------------------------- downgrade

    /** Where a downgrade to {@code target} goes, and which branch it is confined to, if any. */
    Destination forDowngrade(Target target) {
        if (target instanceof Target.Heads || target instanceof Target.BranchHeads) {
            throw new FerryException(MigrationErrorCode.INVALID_TARGET, "'" + target.text() + "' is not a downgrade target",
                    "downgrade to a revision, -N, base or LABEL@base");
        }
        if (target instanceof Target.Base) {
            return new Destination(Optional.empty(), Optional.empty());
        }
        if (target instanceof Target.BranchBase b) {
            return new Destination(Optional.empty(), Optional.of(branch(b.label())));
        }
        if (target instanceof Target.Relative r) {
            Optional<Branch> branch = r.label().map(this::branch);
            if (r.steps() > 0) {
                if (r.anchor().isEmpty()) {
                    throw new FerryException(MigrationErrorCode.INVALID_TARGET,
                            "'" + r.text() + "' steps forward from the current head, which only an upgrade does",
                            Remedy.of("to go forward, the command is: ", MigrationRemedy.UPGRADE.with(r.text())));
                }
                return new Destination(walkUp(r, anchor(r, branch, false), r.steps(), branch), branch);
            }
            Optional<Revision> start;
            if (r.anchor().isPresent()) {
                start = anchor(r, branch, true);
            } else if (branch.isPresent()) {
                start = Optional.of(downgradeStart(r, branch.get()));
            } else {
                start = Optional.of(currentHead(r));
                // Like Alembic, an unlabelled -N stays on the line of the head it starts from.
                branch = Optional.of(lineOf(start.get()));
            }
            return new Destination(walkDown(r, start, -r.steps()), branch);
        }
        Optional<Branch> branch = target instanceof Target.BranchHead b ? Optional.of(branch(b.label()))
                : target instanceof Target.BranchRef b ? Optional.of(branch(b.label())) : Optional.empty();
        return new Destination(Optional.of(single(target)), branch);
    }

    /** The single head {@code -N} steps down from. */
    private Revision currentHead(Target.Relative r) {
        if (rows.isEmpty()) {
            throw new FerryException(MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                    "cannot step " + r.text() + ": nothing is applied", "the database is already at base");
        }
        if (rows.size() > 1) {
            throw new FerryException(MigrationErrorCode.MULTIPLE_HEADS,
                    "'" + r.text() + "' is ambiguous: the database has several current heads (" + RevisionGraph.ids(rows)
                            + "); Ferry will not guess which one to step down from",
                    GRAMMAR_HINT);
        }
        return rows.get(0);
    }

    /**
     * Where {@code LABEL@-N} starts: the database's head on that lineage, or, when no head is on it, the
     * latest applied revisions of it (the branch point, when only another branch is applied).
     */
    private Revision downgradeStart(Target.Relative r, Branch branch) {
        List<Revision> from = rows.stream().filter(branch::contains).toList();
        if (from.isEmpty()) {
            from = graph.tips(applied.stream().filter(branch::contains).toList());
        }
        if (from.isEmpty()) {
            throw new FerryException(MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                    "cannot step " + r.text() + ": nothing" + on(Optional.of(branch)) + " is applied",
                    "the branch is already at base");
        }
        if (from.size() > 1) {
            throw new FerryException(MigrationErrorCode.MULTIPLE_HEADS,
                    "'" + r.text() + "' is ambiguous: the database has several current heads" + on(Optional.of(branch))
                            + " (" + RevisionGraph.ids(from) + ")",
                    GRAMMAR_HINT);
        }
        return from.get(0);
    }

    // ---------------------------------------------------------------- single revisions and branches

    /** The one revision a head, revision or branch-revision target names. */
    private Revision single(Target target) {
        if (target instanceof Target.Head h) {
            return singleHead(h.text(), graph.heads(), null);
        }
        if (target instanceof Target.Ref r) {
            return graph.resolveRef(r.ref());
        }
        if (target instanceof Target.BranchHead b) {
            Branch branch = branch(b.label());
            return singleHead(b.text(), headsOf(branch, b.text()), branch);
        }
        if (target instanceof Target.BranchRef b) {
            return onBranch(branch(b.label()), b.ref());
        }
        throw new IllegalArgumentException("not a single-revision target: " + target);
    }

    /**
     * The start of {@code ANCHOR+N} or {@code ANCHOR-N}: {@code head} (of the branch, when one is
     * named), {@code base}, or a revision. Stepping down from a revision checks it is on the branch;
     * stepping up only filters the way, as Alembic does.
     */
    private Optional<Revision> anchor(Target.Relative r, Optional<Branch> branch, boolean checkOnBranch) {
        String anchor = r.anchor().orElseThrow();
        if (anchor.equals("head")) {
            return Optional.of(branch.isPresent() ? singleHead(r.text(), headsOf(branch.get(), r.text()), branch.get())
                    : singleHead(r.text(), graph.heads(), null));
        }
        if (anchor.equals("base")) {
            return Optional.empty();
        }
        return Optional.of(checkOnBranch && branch.isPresent() ? onBranch(branch.get(), anchor) : graph.resolveRef(anchor));
    }

    /** The branch a selector names: a label, or a revision standing for its own lineage. */
    Branch branch(String selector) {
        Revision revision = graph.branchSelector(selector);
        return new Branch(selector, revision, graph.lineage(revision), true);
    }

    private Branch lineOf(Revision revision) {
        return new Branch(revision.id(), revision, graph.lineage(revision), false);
    }

    private List<Revision> headsOf(Branch branch, String text) {
        List<Revision> heads = graph.heads().stream().filter(branch::contains).toList();
        if (heads.isEmpty()) {
            throw new FerryException(MigrationErrorCode.UNKNOWN_REVISION, "'" + text + "': branch " + branch.name()
                    + " has no head", Remedy.of("see the branches with: ", MigrationRemedy.SHOW_BRANCHES));
        }
        return heads;
    }

    /** A revision by id or prefix, checked to share the branch's lineage; prefixes only match on it. */
    private Revision onBranch(Branch branch, String ref) {
        Revision revision;
        try {
            revision = graph.resolveRef(ref);
        } catch (FerryException ambiguous) {
            if (ambiguous.code() != MigrationErrorCode.AMBIGUOUS_REVISION || ref.length() < 4) {
                throw ambiguous;
            }
            List<Revision> onLine = graph.revisions().stream()
                    .filter(x -> x.id().startsWith(ref) && branch.contains(x)).toList();
            if (onLine.size() != 1) {
                throw ambiguous;
            }
            revision = onLine.get(0);
        }
        if (!branch.contains(revision)) {
            Set<String> labels = graph.branchLabels(revision);
            throw new FerryException(MigrationErrorCode.UNKNOWN_REVISION,
                    "revision " + revision.id() + " is not on branch '" + branch.name() + "': it is neither an"
                            + " ancestor nor a descendant of " + branch.selector().id()
                            + (labels.isEmpty() ? "" : " (it is on " + String.join(", ", labels) + ")"),
                    Remedy.of("see the branches with: ", MigrationRemedy.SHOW_BRANCHES));
        }
        return revision;
    }

    private Revision singleHead(String text, List<Revision> heads, Branch branch) {
        if (heads.isEmpty()) {
            throw new FerryException(MigrationErrorCode.UNKNOWN_REVISION, "'" + text + "': there are no migrations",
                    Remedy.of("create one with: ", MigrationRemedy.NEW_REVISION.with("MESSAGE")));
        }
        if (heads.size() > 1) {
            throw new FerryException(MigrationErrorCode.MULTIPLE_HEADS,
                    "'" + text + "' is ambiguous: " + (branch == null ? "the migrations have"
                            : "branch " + branch.name() + " has") + " several heads (" + RevisionGraph.ids(heads) + ")",
                    Remedy.of("name all of them with the target 'heads' (", MigrationRemedy.UPGRADE.with("heads"),
                            "), pick one with LABEL@head or its id, or join them with: ", MigrationRemedy.MERGE.with(heads.stream().map(Revision::id).toList())));
        }
        return heads.get(0);
    }

    // ---------------------------------------------------------------- walking

    /** Steps up from {@code start} (empty: from base), keeping to the branch's lineage when one is named. */
    private Optional<Revision> walkUp(Target.Relative r, Optional<Revision> start, int steps, Optional<Branch> branch) {
        Optional<Revision> at = start;
        for (int step = 1; step <= steps; step++) {
            List<Revision> next = at.isEmpty() ? graph.bases() : graph.children(at.get());
            if (branch.isPresent()) {
                next = next.stream().filter(branch.get()::contains).toList();
            }
            if (next.isEmpty()) {
                throw new FerryException(MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                        "'" + r.text() + "' goes past the head: " + (at.isEmpty() ? "there is no revision to step to"
                                : at.get().id() + " is a head" + on(branch) + ", reached after " + (step - 1)
                                + " step(s)"),
                        "use a smaller step, or head");
            }
            if (next.size() > 1) {
                throw new FerryException(MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                        "'" + r.text() + "' crosses a branch point: after " + at.map(Revision::id).orElse("base")
                                + " the history splits into " + RevisionGraph.ids(next),
                        GRAMMAR_HINT);
            }
            at = Optional.of(next.get(0));
        }
        return at;
    }

    /** Steps down through {@code revises}; one step below a base is base, and a merge stops the walk. */
    private Optional<Revision> walkDown(Target.Relative r, Optional<Revision> start, int steps) {
        Optional<Revision> at = start;
        Revision lastBase = null;
        for (int step = 1; step <= steps; step++) {
            if (at.isEmpty()) {
                String reached = lastBase == null ? ""
                        : ": " + lastBase.id() + " is a base, reached after " + (step - 2) + " step(s)";
                throw new FerryException(MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                        "'" + r.text() + "' goes past base" + reached, "use a smaller step, or base");
            }
            Revision here = at.get();
            if (here.isMerge()) {
                throw new FerryException(MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                        "'" + r.text() + "' crosses a merge point: " + here.id() + " joins "
                                + String.join(", ", here.parents()),
                        "step down from one of the merged revisions instead (REV-N), or name the target revision");
            }
            lastBase = here.isBase() ? here : null;
            at = here.isBase() ? Optional.empty() : Optional.of(graph.get(here.parents().get(0)));
        }
        return at;
    }

    private static String on(Optional<Branch> branch) {
        return branch.filter(Branch::named).map(b -> " on branch " + b.name()).orElse("");
    }

    private static FerryException notAnUpgradeTarget(String text) {
        return new FerryException(MigrationErrorCode.INVALID_TARGET,
                "'" + text + "' is the point before the first revision, not a revision",
                "name a revision here (an id, head, LABEL@head); base is only a downgrade target");
    }
}
