package io.ferry.migration.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.plan.Planner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Rules that hold for every target on every graph, checked over many random graphs and database
 * states (fixed seeds, so a failure reproduces):
 *
 * <ul>
 *   <li>a downgrade that plans no step leaves nothing applied above its target: either the target is
 *       a current head, or it is base and nothing of the selected line is applied. Anything else moves
 *       or is refused;</li>
 *   <li>a downgrade reverts only applied revisions, dependents before what they depend on, and keeps
 *       its target;</li>
 *   <li>an upgrade by {@code +N} from the database's position always moves;</li>
 *   <li>a target that cannot be met fails with a {@link FerryException} (a code, one line, a hint),
 *       never with another exception.</li>
 * </ul>
 */
class TargetInvariantsTest {

    private static final int GRAPHS = 300;

    @Test
    void noDowngradeReportsSuccessForAMoveItDidNotMake() {
        int moved = 0;
        int stayed = 0;
        int refused = 0;
        for (int seed = 0; seed < GRAPHS; seed++) {
            Random random = new Random(seed);
            RevisionGraph g = randomGraph(random);
            List<String> rows = randomState(g, random);
            Set<Revision> applied = g.ancestors(rows.stream().map(g::get).toList());
            for (String target : targets(g, random)) {
                String context = "seed " + seed + ", graph " + describe(g) + ", rows " + rows + ", downgrade " + target;
                Plan plan = attempt(() -> new Planner(g).downgrade(rows, target), context);
                if (plan == null) {
                    refused++;
                    continue;
                }
                TargetResolver.Destination to = new TargetResolver(g, rows.stream().map(g::get).toList())
                        .forDowngrade(Target.parse(target));
                if (plan.isEmpty()) {
                    stayed++;
                    if (to.revision().isPresent()) {
                        assertThat(rows).as(context).contains(to.revision().get().id());
                    } else if (to.branch().isPresent()) {
                        assertThat(applied).as(context).noneMatch(to.branch().get()::contains);
                    } else {
                        assertThat(applied).as(context).isEmpty();
                    }
                    continue;
                }
                moved++;
                List<Revision> reverted = plan.steps().stream().map(s -> s.revision()).toList();
                assertThat(applied).as(context).containsAll(reverted);
                to.revision().ifPresent(keep -> assertThat(reverted).as(context).doesNotContain(keep));
                for (int i = 0; i < reverted.size(); i++) {
                    Set<Revision> later = new HashSet<>(reverted.subList(i + 1, reverted.size()));
                    Set<Revision> above = g.descendants(List.of(reverted.get(i)));
                    above.remove(reverted.get(i));
                    above.retainAll(later);
                    assertThat(above).as(context + ": nothing that needs %s is reverted after it", reverted.get(i).id())
                            .isEmpty();
                }
            }
        }
        // The random cases reach all three outcomes in numbers, or this test proves little.
        assertThat(moved).isGreaterThan(1000);
        assertThat(stayed).isGreaterThan(100);
        assertThat(refused).isGreaterThan(1000);
    }

    @Test
    void plusNFromTheDatabasesPositionAlwaysMoves() {
        int moved = 0;
        for (int seed = 0; seed < GRAPHS; seed++) {
            Random random = new Random(seed);
            RevisionGraph g = randomGraph(random);
            List<String> rows = randomState(g, random);
            List<String> targets = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                targets.add("+" + n);
                for (String label : g.branchLabelOwners().keySet()) {
                    targets.add(label + "@+" + n);
                }
            }
            for (String target : targets) {
                String context = "seed " + seed + ", graph " + describe(g) + ", rows " + rows + ", upgrade " + target;
                Plan plan = attempt(() -> new Planner(g).upgrade(rows, target), context);
                if (plan != null) {
                    assertThat(plan.steps()).as(context).isNotEmpty();
                    moved++;
                }
            }
        }
        assertThat(moved).isGreaterThan(300);
    }

    /** Runs a planning call: a plan, or null when it is refused with a proper {@link FerryException}. */
    private static Plan attempt(Supplier<Plan> call, String context) {
        try {
            return call.get();
        } catch (FerryException e) {
            assertThat(e.getMessage()).as(context).doesNotContain("\n");
            assertThat(e.hint()).as(context + ": " + e.getMessage()).isNotBlank();
            return null;
        } catch (RuntimeException e) {
            throw new AssertionError(context + ": failed with " + e, e);
        }
    }

    /**
     * Up to 10 revisions, each with up to two parents among the earlier ones (none: a new base),
     * sometimes a dependency on an earlier revision that is not an ancestor, sometimes a branch label.
     */
    static RevisionGraph randomGraph(Random random) {
        int size = 3 + random.nextInt(8);
        List<Revision.Builder> builders = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int labels = 0;
        for (int i = 0; i < size; i++) {
            String id = "r" + i;
            Revision.Builder b = Revision.builder(id).origin(id + ".sql");
            if (i > 0 && random.nextInt(6) != 0) {
                String first = ids.get(random.nextInt(ids.size()));
                b.parents(first);
                if (random.nextInt(5) == 0) {
                    String second = ids.get(random.nextInt(ids.size()));
                    if (!second.equals(first)) {
                        b.parents(second);
                    }
                }
            }
            if (i > 1 && random.nextInt(6) == 0) {
                b.dependsOn(ids.get(random.nextInt(ids.size())));
            }
            if (random.nextInt(4) == 0) {
                b.branchLabels("l" + labels++);
            }
            builders.add(b);
            ids.add(id);
        }
        // Parents and dependencies point at earlier revisions only, so the graph is always valid.
        return RevisionGraph.of(builders.stream().map(Revision.Builder::build).toList());
    }

    /** A random applied set, closed under ancestors, as the tips {@code ferry_version} would hold. */
    static List<String> randomState(RevisionGraph g, Random random) {
        List<Revision> picked = new ArrayList<>();
        for (Revision r : g.revisions()) {
            if (random.nextInt(3) == 0) {
                picked.add(r);
            }
        }
        return g.tips(g.ancestors(picked)).stream().map(Revision::id).toList();
    }

    /** Every form of target over the graph's ids and labels, with steps of 1 to 3. */
    static List<String> targets(RevisionGraph g, Random random) {
        List<String> selectors = new ArrayList<>(g.branchLabelOwners().keySet());
        g.revisions().stream().filter(r -> random.nextInt(3) == 0).forEach(r -> selectors.add(r.id()));
        List<String> targets = new ArrayList<>(List.of("base", "head"));
        for (Revision r : g.revisions()) {
            targets.add(r.id());
            for (int n = 1; n <= 3; n++) {
                targets.add(r.id() + "-" + n);
                targets.add(r.id() + "+" + n);
            }
        }
        for (int n = 1; n <= 3; n++) {
            targets.add("-" + n);
            targets.add("base+" + n);
        }
        // Steps far beyond any graph, up to the largest the grammar takes and past it.
        for (String big : List.of("999999", "1000000", "1000001", "2147483647", "2147483648")) {
            targets.add("-" + big);
            targets.add("base+" + big);
            targets.add(g.revisions().get(0).id() + "-" + big);
        }
        for (String s : selectors) {
            targets.add(s + "@base");
            targets.add(s + "@head");
            for (Revision r : g.revisions()) {
                targets.add(s + "@" + r.id());
            }
            for (int n = 1; n <= 3; n++) {
                targets.add(s + "@-" + n);
                targets.add(s + "@base+" + n);
                targets.add(s + "@head-" + n);
            }
        }
        return targets;
    }

    private static String describe(RevisionGraph g) {
        List<String> parts = new ArrayList<>();
        for (Revision r : g.revisions()) {
            parts.add(r.id() + "<" + String.join(",", r.parents())
                    + (r.dependsOn().isEmpty() ? "" : " dep " + String.join(",", r.dependsOn()))
                    + (r.branchLabels().isEmpty() ? "" : " @" + String.join(",", r.branchLabels())) + ">");
        }
        return String.join(" ", parts);
    }
}
