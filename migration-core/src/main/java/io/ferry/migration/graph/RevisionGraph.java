package io.ferry.migration.graph;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The immutable graph of revisions, with Alembic's semantics: parents form branches and merges,
 * {@code depends-on} adds ordering edges between branches without joining them, and branch labels name
 * a line of history.
 *
 * <p>Building a graph checks it whole: ids and labels are well formed and unique, every referenced
 * revision exists, and nothing depends on itself through any chain. Errors name the files involved.
 */
public final class RevisionGraph {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
    private static final Set<String> RESERVED = Set.of("head", "heads", "base");

    private final Map<String, Revision> byId;
    private final List<Revision> order;
    private final Map<String, Integer> position;
    private final Map<String, List<Revision>> children;
    private final Map<String, List<Revision>> dependents;
    private final Map<String, List<Revision>> dependencies;
    private final Map<String, Set<String>> labels;
    private final Map<String, Revision> labelOwners;

    private RevisionGraph(Map<String, Revision> byId, List<Revision> order,
                          Map<String, List<Revision>> children, Map<String, List<Revision>> dependents,
                          Map<String, List<Revision>> dependencies, Map<String, Revision> labelOwners) {
        this.byId = byId;
        this.order = List.copyOf(order);
        this.position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i).id(), i);
        }
        this.children = children;
        this.dependents = dependents;
        this.dependencies = dependencies;
        this.labelOwners = labelOwners;
        this.labels = propagateLabels();
    }

    /** An empty graph: a project without migrations. */
    public static RevisionGraph empty() {
        return of(List.of());
    }

    /**
     * Builds and checks a graph. The order of {@code revisions} breaks ties in the topological order,
     * so sources should pass them in a stable order (the file name order, for instance).
     *
     * @throws FerryException on a malformed id or label, a duplicate id or label, an unknown parent or
     *                        dependency, or a cycle
     */
    public static RevisionGraph of(Collection<Revision> revisions) {
        Map<String, Revision> byId = new LinkedHashMap<>();
        for (Revision r : revisions) {
            checkId(r);
            Revision earlier = byId.putIfAbsent(r.id(), r);
            if (earlier != null) {
                throw new FerryException(MigrationErrorCode.DUPLICATE_REVISION,
                        "revision id '" + r.id() + "' is defined twice: in " + earlier.origin() + " and in "
                                + r.origin(),
                        Remedy.of("give one of them a new id (", MigrationRemedy.NEW_REVISION,
                                " makes fresh ones) and fix the revises lines that point at it"));
            }
        }
        Map<String, Revision> labelOwners = checkLabels(byId);
        Map<String, List<Revision>> children = new HashMap<>();
        Map<String, List<Revision>> dependents = new HashMap<>();
        Map<String, List<Revision>> dependencies = new HashMap<>();
        for (Revision r : byId.values()) {
            children.put(r.id(), new ArrayList<>());
            dependents.put(r.id(), new ArrayList<>());
        }
        for (Revision r : byId.values()) {
            checkNoRepeats(r, r.parents(), "revises");
            checkNoRepeats(r, r.dependsOn(), "depends on");
            for (String p : r.parents()) {
                checkReference(byId, labelOwners, r, p, "revises");
                children.get(p).add(r);
            }
            List<Revision> deps = new ArrayList<>();
            for (String d : r.dependsOn()) {
                Revision dependency = checkReference(byId, labelOwners, r, d, "depends on");
                // As in Alembic, naming a parent here adds nothing: the parent comes first anyway.
                if (!r.parents().contains(dependency.id()) && !deps.contains(dependency)) {
                    deps.add(dependency);
                    dependents.get(dependency.id()).add(r);
                }
            }
            dependencies.put(r.id(), deps);
        }
        List<Revision> order = topologicalOrder(byId, children, dependents, dependencies);
        return new RevisionGraph(byId, order, freeze(children), freeze(dependents), freeze(dependencies),
                labelOwners);
    }

    // ---------------------------------------------------------------- queries

    /** Every revision, parents and dependencies before the revisions that need them. */
    public List<Revision> revisions() {
        return order;
    }

    public boolean isEmpty() {
        return order.isEmpty();
    }

    public Optional<Revision> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The revision with this exact id.
     *
     * @throws FerryException with {@link MigrationErrorCode#UNKNOWN_REVISION} when there is none
     */
    public Revision get(String id) {
        Revision r = byId.get(id);
        if (r == null) {
            throw new FerryException(MigrationErrorCode.UNKNOWN_REVISION, "no revision '" + id + "' in the migrations",
                    Remedy.of("list the revisions with: ", MigrationRemedy.SHOW_REVISIONS));
        }
        return r;
    }

    /** Revisions no other revision revises: the tips of the branches (depends-on does not count). */
    public List<Revision> heads() {
        return filter(r -> children.get(r.id()).isEmpty());
    }

    /**
     * Heads that nothing depends on either. A head another branch depends on is not listed: applying
     * the heads listed here applies it anyway.
     */
    public List<Revision> headsResolvingDependencies() {
        return filter(r -> children.get(r.id()).isEmpty() && dependents.get(r.id()).isEmpty());
    }

    /** Revisions without parents. */
    public List<Revision> bases() {
        return filter(Revision::isBase);
    }

    /** Revisions that two or more revisions revise: where history splits into branches. */
    public List<Revision> branchPoints() {
        return filter(r -> children.get(r.id()).size() > 1);
    }

    /** Revisions with two or more parents: where branches join. */
    public List<Revision> mergePoints() {
        return filter(Revision::isMerge);
    }

    /** The revisions that revise this one, in topological order. */
    public List<Revision> children(Revision revision) {
        return children.get(revision.id());
    }

    /** The revisions that declare {@code depends-on} this one, in topological order. */
    public List<Revision> dependents(Revision revision) {
        return dependents.get(revision.id());
    }

    /**
     * What a revision's {@code depends-on} names, resolved: a branch label stands for the revision that
     * declares it, and a parent named there again is left out (it is an ordering edge already).
     */
    public List<Revision> dependencies(Revision revision) {
        return dependencies.get(revision.id());
    }

    /** The revisions this one revises. */
    public List<Revision> parents(Revision revision) {
        return revision.parents().stream().map(byId::get).toList();
    }

    /**
     * The line of history a revision stands on, as Alembic's branch selectors see it: the revision, its
     * ancestors and its descendants through {@code revises} only. {@code LABEL@...} targets pick among
     * revisions by this set of the revision that declares the label.
     */
    public Set<Revision> lineage(Revision revision) {
        Set<Revision> line = new HashSet<>(closure(List.of(revision), this::parents));
        line.addAll(closure(List.of(revision), this::children));
        return line;
    }

    /**
     * What a branch selector ({@code X} in {@code X@head}) stands for: the revision that declares the
     * label X, or, as Alembic allows, the revision X names (an id or a unique prefix).
     *
     * @throws FerryException with {@link MigrationErrorCode#UNKNOWN_BRANCH} when X is neither
     */
    public Revision branchSelector(String selector) {
        Revision owner = labelOwners.get(selector);
        if (owner != null) {
            return owner;
        }
        if (!ID.matcher(selector).matches() || filter(r -> r.id().startsWith(selector)).isEmpty()) {
            Set<String> known = labelOwners.keySet();
            throw new FerryException(MigrationErrorCode.UNKNOWN_BRANCH,
                    "no branch labelled '" + selector + "' and no revision '" + selector + "'"
                            + (known.isEmpty() ? " (no revision declares a branch label)"
                            : " (known labels: " + String.join(", ", known) + ")"),
                    "declare a label with '-- ferry:branch-labels NAME' in the branch's first revision, or"
                            + " name the branch by one of its revisions");
        }
        return resolveRef(selector);
    }

    /**
     * The branch labels that apply to a revision: those declared on it, on its ancestors, and on the
     * descendants that continue its line of history without a branch point in between.
     */
    public Set<String> branchLabels(Revision revision) {
        return labels.get(revision.id());
    }

    /** Every declared branch label, with the revision that declares it. */
    public Map<String, Revision> branchLabelOwners() {
        return labelOwners;
    }

    /** Ancestors through parents and dependencies, including the given revisions. */
    public Set<Revision> ancestors(Collection<Revision> from) {
        return closure(from, r -> {
            List<Revision> up = new ArrayList<>();
            r.parents().forEach(p -> up.add(byId.get(p)));
            up.addAll(dependencies.get(r.id()));
            return up;
        });
    }

    /** Descendants through children and dependents, including the given revisions. */
    public Set<Revision> descendants(Collection<Revision> from) {
        return closure(from, r -> {
            List<Revision> down = new ArrayList<>(children.get(r.id()));
            down.addAll(dependents.get(r.id()));
            return down;
        });
    }

    /**
     * Of a set of revisions, those that no other member comes after (through parents or dependencies),
     * in topological order. For an applied set closed under ancestors, these are the rows
     * {@code ferry_version} holds.
     */
    public List<Revision> tips(Collection<Revision> revisions) {
        Set<Revision> members = new HashSet<>(revisions);
        Set<Revision> covered = new HashSet<>();
        for (Revision r : members) {
            Set<Revision> below = ancestors(List.of(r));
            below.remove(r);
            covered.addAll(below);
        }
        return sorted(members.stream().filter(r -> !covered.contains(r)).toList());
    }

    /** Sorts revisions into this graph's topological order. */
    public List<Revision> sorted(Collection<Revision> revisions) {
        List<Revision> list = new ArrayList<>(new LinkedHashSet<>(revisions));
        list.sort(Comparator.comparingInt(r -> position.get(r.id())));
        return list;
    }

    // ---------------------------------------------------------------- targets and paths

    /**
     * The steps that take a database whose {@code ferry_version} holds {@code current} to
     * {@code target}: every revision the target needs, through parents and dependencies, that is not
     * applied yet, in an order that applies parents and dependencies first. Empty when there is nothing
     * to do.
     *
     * @throws FerryException when the target does not resolve, or {@code current} names a revision
     *                        the migrations do not define
     */
    public List<Step> upgradePath(Collection<String> current, String target) {
        Set<Revision> heads = currentRevisions(current);
        List<Revision> targets = new TargetResolver(this, heads).forUpgrade(Target.parse(target));
        Set<Revision> needed = new HashSet<>(ancestors(targets));
        needed.removeAll(ancestors(heads));
        return sorted(needed).stream().map(r -> new Step(r, Direction.UPGRADE)).toList();
    }

    /**
     * The steps that take a database whose {@code ferry_version} holds {@code current} down to
     * {@code target}: every applied revision that stands after the target, including revisions on other
     * branches that depend on what is removed, dependents before what they depend on. With a branch
     * ({@code LABEL@REV}, {@code LABEL@-N}, {@code LABEL@base+N}), only that branch's revisions after
     * the target go, and their dependents.
     *
     * @throws FerryException when the target does not resolve or is not applied; when it is applied but
     *                        nothing after it is (and it is not a current head), so the downgrade would
     *                        do nothing; and when a branch target would revert another branch that grows
     *                        from the revisions it reverts (Ferry's stricter rule, see docs/targets.md)
     */
    public List<Step> downgradePath(Collection<String> current, String target) {
        Set<Revision> rows = currentRevisions(current);
        Set<Revision> applied = ancestors(rows);
        Target parsed = Target.parse(target);
        TargetResolver.Destination to = new TargetResolver(this, rows).forDowngrade(parsed);
        Optional<TargetResolver.Branch> branch = to.branch();
        if (to.revision().isPresent() && !applied.contains(to.revision().get())) {
            throw new FerryException(MigrationErrorCode.NOT_APPLIED,
                    "cannot downgrade to " + describe(target, to.revision().get()) + ": it is not applied (current"
                            + " heads: " + idsOrBase(rows) + ")",
                    Remedy.of("downgrade only goes back to applied revisions; see them with: ",
                            MigrationRemedy.SHOW_CURRENT));
        }
        List<Revision> roots = to.revision().map(this::children).orElseGet(this::bases);
        if (branch.isPresent() && roots.size() > 1) {
            // Of the lines that continue after the target, keep the branch's own.
            Set<Revision> below = closure(List.of(branch.get().selector()), this::parents);
            roots = roots.stream().filter(below::contains).toList();
            if (roots.isEmpty()) {
                throw new FerryException(MigrationErrorCode.INVALID_TARGET,
                        "'" + target + "': branch " + branch.get().name() + " does not continue after "
                                + to.revision().map(Revision::id).orElse("base"),
                        Remedy.of("see the branches with: ", MigrationRemedy.SHOW_BRANCHES));
            }
        }
        Set<Revision> drop = new HashSet<>(descendants(roots));
        drop.retainAll(applied);
        if (drop.isEmpty() && to.revision().isPresent() && !rows.contains(to.revision().get())) {
            Revision keep = to.revision().get();
            throw new FerryException(MigrationErrorCode.NOT_APPLIED,
                    "cannot downgrade to " + describe(target, keep) + ": nothing after it"
                            + branch.filter(TargetResolver.Branch::named).map(b -> " on branch " + b.name()).orElse("")
                            + " is applied, so there is nothing to revert (current heads: " + idsOrBase(rows) + ")",
                    Remedy.of("see where the database is with: ", MigrationRemedy.SHOW_CURRENT));
        }
        if (branch.isPresent() && branch.get().named()) {
            checkStaysOnBranch(target, to, branch.get(), roots, applied);
        }
        List<Revision> ordered = sorted(drop);
        Collections.reverse(ordered);
        return ordered.stream().map(r -> new Step(r, Direction.DOWNGRADE)).toList();
    }

    /**
     * Ferry's stricter rule for branch targets: reaching the target must not revert another branch that
     * grows, through {@code revises}, from a revision the downgrade reverts. Alembic reverts such
     * branches along; Ferry refuses and names both ways to say what is meant. Revisions that depend on a
     * reverted one are reverted as usual: they cannot stay without it.
     */
    private void checkStaysOnBranch(String target, TargetResolver.Destination to, TargetResolver.Branch branch,
                                    List<Revision> roots, Set<Revision> applied) {
        Set<Revision> alongRevises = new HashSet<>(closure(roots, this::children));
        alongRevises.retainAll(applied);
        List<Revision> others = sorted(alongRevises.stream().filter(r -> !branch.contains(r)).toList());
        if (others.isEmpty()) {
            return;
        }
        // Where the other branches leave this one: the latest revision of the branch they grow from.
        List<Revision> forks = tips(others.stream().flatMap(r -> parents(r).stream()).filter(branch::contains)
                .toList());
        // Offer LABEL@FORK only when it would revert something: some revision of the branch after the fork.
        boolean ownAfterFork = forks.size() == 1 && descendants(forks).stream()
                .anyMatch(r -> r != forks.get(0) && branch.contains(r) && applied.contains(r));
        String all = to.revision().map(Revision::id).orElse("base");
        Remedy remedy = ownAfterFork
                ? Remedy.of("to revert only " + branch.name() + "'s own revisions: ",
                MigrationRemedy.DOWNGRADE.with(branch.name() + "@" + forks.get(0).id()),
                "; to revert the other branch too, leave out the branch: ", MigrationRemedy.DOWNGRADE.with(all))
                : Remedy.of("to revert the other branch too, leave out the branch: ", MigrationRemedy.DOWNGRADE.with(all));
        throw new FerryException(MigrationErrorCode.REVERTS_OTHER_BRANCH,
                "'" + target + "' would also revert " + ids(others) + ", on another branch that grows from "
                        + (forks.isEmpty() ? "the revisions it reverts" : ids(forks)),
                remedy);
    }

    /**
     * What {@code ferry_version} holds after stamping {@code targets} over {@code current}, with
     * Alembic's rules, applied to each target in turn:
     *
     * <ul>
     *   <li>{@code base} empties it;</li>
     *   <li>{@code LABEL@base} removes the heads on that branch's lineage, or that depend on it;</li>
     *   <li>a revision already held changes nothing;</li>
     *   <li>a revision related to held heads (above or below them, through parents or dependencies)
     *       replaces them;</li>
     *   <li>a revision on a line no head is on is added.</li>
     * </ul>
     */
    public Stamp stamp(Collection<String> current, List<String> targets) {
        Set<Revision> rows = currentRevisions(current);
        TargetResolver resolver = new TargetResolver(this, rows);
        Set<Revision> heads = new LinkedHashSet<>(rows);
        Set<Revision> stamped = new LinkedHashSet<>();
        for (String text : targets) {
            Target target = Target.parse(text);
            if (target instanceof Target.Relative r && r.anchor().isEmpty()) {
                throw new FerryException(MigrationErrorCode.INVALID_TARGET,
                        "stamp names revisions, and '" + text + "' is a step from the current heads",
                        Remedy.of("name the revision the database is at (an id, LABEL@head, REV-1); see them with: ",
                                MigrationRemedy.SHOW_REVISIONS));
            }
            if (target instanceof Target.Base) {
                heads.clear();
                continue;
            }
            if (target instanceof Target.BranchBase b) {
                Revision selector = resolver.branch(b.label()).selector();
                heads.removeIf(h -> sharesLineageThroughDependencies(h, selector));
                continue;
            }
            for (Revision dest : resolver.forUpgrade(target)) {
                stamped.add(dest);
                if (heads.contains(dest)) {
                    continue;
                }
                heads.removeIf(h -> sharesLineageThroughDependencies(h, dest));
                heads.add(dest);
            }
        }
        return new Stamp(sorted(heads), sorted(stamped));
    }

    /** What a stamp leaves in {@code ferry_version}, and the revisions it named. */
    public record Stamp(List<Revision> heads, List<Revision> stamped) {
        public Stamp {
            heads = List.copyOf(heads);
            stamped = List.copyOf(stamped);
        }
    }

    private boolean sharesLineageThroughDependencies(Revision a, Revision b) {
        return ancestors(List.of(a)).contains(b) || descendants(List.of(a)).contains(b);
    }

    /**
     * The revisions a target expression names, given the database's current heads: what
     * {@code upgrade} would bring the database to.
     */
    public List<Revision> resolve(String target, Collection<String> current) {
        return new TargetResolver(this, currentRevisions(current)).forUpgrade(Target.parse(target));
    }

    /**
     * Resolves one revision reference: a full id, a branch label (the revision that declares it), or a
     * unique prefix of at least four characters.
     *
     * @throws FerryException naming the candidates when the prefix is ambiguous or too short
     */
    public Revision resolveRef(String ref) {
        Revision exact = byId.get(ref);
        if (exact != null) {
            return exact;
        }
        Revision labelled = labelOwners.get(ref);
        if (labelled != null) {
            return labelled; // as in Alembic, a branch label names the revision that declares it
        }
        List<Revision> candidates = filter(r -> r.id().startsWith(ref));
        if (ref.length() < 4 && !candidates.isEmpty()) {
            throw new FerryException(MigrationErrorCode.AMBIGUOUS_REVISION,
                    "revision prefix '" + ref + "' is too short: write at least 4 characters"
                            + (candidates.isEmpty() ? "" : " (it matches " + ids(candidates) + ")"),
                    "use more characters of the id, or the full id");
        }
        if (candidates.isEmpty()) {
            throw new FerryException(MigrationErrorCode.UNKNOWN_REVISION,
                    "no revision '" + ref + "' in the migrations",
                    Remedy.of("list the revisions with: ", MigrationRemedy.SHOW_REVISIONS));
        }
        if (candidates.size() > 1) {
            throw new FerryException(MigrationErrorCode.AMBIGUOUS_REVISION,
                    "revision prefix '" + ref + "' is ambiguous: it matches " + ids(candidates),
                    "use more characters of the id");
        }
        return candidates.get(0);
    }

    /** Turns the ids stored in the database into revisions, failing on ids the files do not define. */
    private Set<Revision> currentRevisions(Collection<String> current) {
        Set<Revision> result = new LinkedHashSet<>();
        for (String id : current) {
            Revision r = byId.get(id);
            if (r == null) {
                throw new FerryException(MigrationErrorCode.UNKNOWN_APPLIED_REVISION,
                        "the database is at revision '" + id + "', which none of the migration files defines",
                        Remedy.of("check that ", MigrationRemedy.LOCATIONS, " points at this database's migrations;"
                                + " if the revision was deleted on purpose, record where the database is with: ",
                                MigrationRemedy.PURGE.with("REV")));
            }
            result.add(r);
        }
        return result;
    }

    private static String describe(String text, Revision revision) {
        return text.equals(revision.id()) ? revision.id() : "'" + text + "' (" + revision.id() + ")";
    }

    private static String idsOrBase(Collection<Revision> revisions) {
        return revisions.isEmpty() ? "none, the database is at base" : ids(revisions);
    }

    static String ids(Collection<Revision> revisions) {
        return revisions.stream().map(Revision::id).collect(Collectors.joining(", "));
    }

    // ---------------------------------------------------------------- building

    private static void checkId(Revision r) {
        if (!ID.matcher(r.id()).matches()) {
            throw new FerryException(MigrationErrorCode.INVALID_REVISION_ID,
                    r.origin() + ": revision id '" + r.id() + "' may only hold letters, digits and underscores",
                    "rename the id to characters in [A-Za-z0-9_]");
        }
        if (r.id().length() > Revision.MAX_ID_LENGTH) {
            throw new FerryException(MigrationErrorCode.INVALID_REVISION_ID,
                    r.origin() + ": revision id '" + r.id().substring(0, 20) + "...' is " + r.id().length()
                            + " characters long; the limit is " + Revision.MAX_ID_LENGTH,
                    Remedy.of("use a shorter id; ", MigrationRemedy.NEW_REVISION, " makes 12-character ones"));
        }
        if (RESERVED.contains(r.id())) {
            throw new FerryException(MigrationErrorCode.INVALID_REVISION_ID,
                    r.origin() + ": '" + r.id() + "' is a reserved word and cannot be a revision id",
                    "choose another id; head, heads and base name positions in the graph");
        }
    }

    private static void checkNoRepeats(Revision r, List<String> ids, String relation) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new FerryException(MigrationErrorCode.INVALID_REVISION_ID,
                        r.origin() + ": revision '" + r.id() + "' " + relation + " '" + id + "' twice",
                        "name each revision once");
            }
        }
    }

    /**
     * The revision a {@code revises} or {@code depends-on} entry names. Both take revision ids in full;
     * {@code depends-on} also takes a branch label, standing for the revision that declares it.
     */
    private static Revision checkReference(Map<String, Revision> byId, Map<String, Revision> labelOwners,
                                           Revision r, String ref, String relation) {
        if (ref.equals(r.id())) {
            throw new FerryException(MigrationErrorCode.REVISION_CYCLE,
                    r.origin() + ": revision '" + r.id() + "' " + relation + " itself",
                    "point it at the revision it follows");
        }
        Revision found = byId.get(ref);
        if (found == null && relation.equals("depends on")) {
            found = labelOwners.get(ref);
        }
        if (found == r) {
            throw new FerryException(MigrationErrorCode.REVISION_CYCLE,
                    r.origin() + ": revision '" + r.id() + "' depends on '" + ref + "', its own branch label",
                    "name a revision of another branch, or that branch's label");
        }
        if (found == null) {
            List<String> prefixed = byId.keySet().stream().filter(id -> id.startsWith(ref)).toList();
            String guess = prefixed.size() == 1 ? " (did you mean '" + prefixed.get(0) + "'? write ids in full)"
                    : labelOwners.containsKey(ref) ? " (it is a branch label, which only depends-on accepts)" : "";
            throw new FerryException(MigrationErrorCode.UNKNOWN_PARENT,
                    r.origin() + ": revision '" + r.id() + "' " + relation + " '" + ref
                            + "', which no migration defines" + guess,
                    "fix the id, or restore the missing migration file");
        }
        return found;
    }

    private static Map<String, Revision> checkLabels(Map<String, Revision> byId) {
        Map<String, Revision> owners = new LinkedHashMap<>();
        for (Revision r : byId.values()) {
            for (String label : r.branchLabels()) {
                if (!LABEL.matcher(label).matches() || RESERVED.contains(label)) {
                    throw new FerryException(MigrationErrorCode.INVALID_BRANCH_LABEL,
                            r.origin() + ": branch label '" + label + "' is not allowed",
                            "use letters, digits, '_' and '-' (not starting with '-'); head, heads and base"
                                    + " are reserved");
                }
                if (byId.containsKey(label)) {
                    throw new FerryException(MigrationErrorCode.INVALID_BRANCH_LABEL,
                            r.origin() + ": branch label '" + label + "' is also the id of the revision in "
                                    + byId.get(label).origin(),
                            "choose a label that is not a revision id");
                }
                Revision earlier = owners.putIfAbsent(label, r);
                if (earlier != null) {
                    throw new FerryException(MigrationErrorCode.DUPLICATE_BRANCH_LABEL,
                            "branch label '" + label + "' is declared twice: by " + earlier.id() + " in "
                                    + earlier.origin() + " and by " + r.id() + " in " + r.origin(),
                            "a label names one branch: remove it from one of the revisions");
                }
            }
        }
        return Collections.unmodifiableMap(owners);
    }

    /** Kahn's algorithm; ties go to the revision given first. A leftover means a cycle. */
    private static List<Revision> topologicalOrder(Map<String, Revision> byId,
                                                   Map<String, List<Revision>> children,
                                                   Map<String, List<Revision>> dependents,
                                                   Map<String, List<Revision>> dependencies) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> waiting = new HashMap<>();
        int i = 0;
        for (Revision r : byId.values()) {
            index.put(r.id(), i++);
            waiting.put(r.id(), new HashSet<>(edgesUp(r, dependencies)).size());
        }
        PriorityQueue<Revision> ready = new PriorityQueue<>(Comparator.comparingInt(r -> index.get(r.id())));
        byId.values().stream().filter(r -> waiting.get(r.id()) == 0).forEach(ready::add);
        List<Revision> order = new ArrayList<>(byId.size());
        while (!ready.isEmpty()) {
            Revision r = ready.poll();
            order.add(r);
            // By id: hashing a revision (a record) would hash its whole SQL text.
            Set<String> next = new HashSet<>();
            for (Revision n : children.get(r.id())) {
                release(n, next, waiting, ready);
            }
            for (Revision n : dependents.get(r.id())) {
                release(n, next, waiting, ready);
            }
        }
        if (order.size() < byId.size()) {
            Set<String> stuck = new HashSet<>(byId.keySet());
            order.forEach(r -> stuck.remove(r.id()));
            throw cycleError(byId, dependencies, stuck);
        }
        return order;
    }

    /** Counts one edge into {@code n} as done, once per revision; {@code n} is ready when none is left. */
    private static void release(Revision n, Set<String> seen, Map<String, Integer> waiting,
                                PriorityQueue<Revision> ready) {
        if (seen.add(n.id()) && waiting.merge(n.id(), -1, Integer::sum) == 0) {
            ready.add(n);
        }
    }

    private static List<String> edgesUp(Revision r, Map<String, List<Revision>> dependencies) {
        List<String> up = new ArrayList<>(r.parents());
        dependencies.get(r.id()).forEach(d -> up.add(d.id()));
        return up;
    }

    /** Walks up from a revision left over by Kahn's algorithm until a revision repeats: that is a cycle. */
    private static FerryException cycleError(Map<String, Revision> byId, Map<String, List<Revision>> dependencies,
                                             Set<String> stuck) {
        String start = byId.keySet().stream().filter(stuck::contains).findFirst().orElseThrow();
        List<String> path = new ArrayList<>();
        Map<String, Integer> seenAt = new HashMap<>();
        String at = start;
        while (!seenAt.containsKey(at)) {
            seenAt.put(at, path.size());
            path.add(at);
            at = edgesUp(byId.get(at), dependencies).stream().filter(stuck::contains).findFirst().orElseThrow();
        }
        List<String> cycle = new ArrayList<>(path.subList(seenAt.get(at), path.size()));
        Collections.reverse(cycle);
        List<String> given = new ArrayList<>(byId.keySet());
        String first = cycle.stream().min(Comparator.comparingInt(given::indexOf)).orElseThrow();
        Collections.rotate(cycle, -cycle.indexOf(first));
        cycle.add(cycle.get(0));
        String chain = String.join(" -> ", cycle);
        String files = cycle.stream().distinct().map(id -> byId.get(id).origin()).collect(Collectors.joining(", "));
        return new FerryException(MigrationErrorCode.REVISION_CYCLE,
                "revisions form a cycle: " + chain + " (files: " + files + ")",
                "a revision cannot come after itself: fix the revises or depends-on lines in these files");
    }

    private static Map<String, List<Revision>> freeze(Map<String, List<Revision>> edges) {
        Map<String, List<Revision>> frozen = new HashMap<>();
        edges.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(frozen);
    }

    /**
     * A label declared on revision D applies to D, to every descendant of D through parents, and to the
     * ancestors of D down to (not including) the nearest branch point or merge.
     */
    private Map<String, Set<String>> propagateLabels() {
        Map<String, Set<String>> result = new HashMap<>();
        for (Revision r : order) {
            result.put(r.id(), new LinkedHashSet<>());
        }
        for (Map.Entry<String, Revision> e : labelOwners.entrySet()) {
            String label = e.getKey();
            Revision owner = e.getValue();
            Deque<Revision> todo = new ArrayDeque<>(List.of(owner));
            while (!todo.isEmpty()) {
                Revision r = todo.pop();
                if (result.get(r.id()).add(label)) {
                    todo.addAll(children.get(r.id()));
                }
            }
            Revision at = owner;
            while (at.parents().size() == 1) {
                Revision parent = byId.get(at.parents().get(0));
                if (children.get(parent.id()).size() > 1 || parent.isMerge()) {
                    break;
                }
                result.get(parent.id()).add(label);
                at = parent;
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        result.forEach((k, v) -> frozen.put(k, Collections.unmodifiableSet(v)));
        return frozen;
    }

    private List<Revision> filter(Predicate<Revision> p) {
        return order.stream().filter(p).toList();
    }

    private static Set<Revision> closure(Collection<Revision> from, Function<Revision, List<Revision>> next) {
        Set<Revision> seen = new LinkedHashSet<>();
        Deque<Revision> todo = new ArrayDeque<>(from);
        while (!todo.isEmpty()) {
            Revision r = todo.pop();
            if (seen.add(r)) {
                todo.addAll(next.apply(r));
            }
        }
        return seen;
    }
}
