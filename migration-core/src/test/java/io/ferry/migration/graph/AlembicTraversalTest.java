package io.ferry.migration.graph;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.plan.Planner;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The traversal cases of Alembic's own test suite ({@code tests/test_version_traversal.py} in
 * sqlalchemy/alembic), one nested class per graph shape there, one test per case, each naming the
 * Alembic test it follows. Every case asserts the steps Ferry plans and the heads
 * {@code ferry_version} holds after them, or the error.
 *
 * <p>Where Alembic's order between independent branches differs from Ferry's, the test asserts
 * Ferry's documented order (see "The order of steps" in docs/targets.md) and the comment gives
 * Alembic's. Where Ferry is deliberately stricter (docs/targets.md, "Where Ferry is stricter"), the test
 * asserts the refusal and says what Alembic does.
 *
 * <p>Revisions are passed in file-name order, as a migration folder lists them.
 */
class AlembicTraversalTest {

    // ------------------------------------------------------------------ helpers

    static Revision.Builder rev(String id, String... parents) {
        return Revision.builder(id).parents(parents).origin(id + ".sql");
    }

    /** A project: the revisions sorted by file name, as a source reads them. */
    static RevisionGraph project(Revision.Builder... revisions) {
        return RevisionGraph.of(Arrays.stream(revisions).map(Revision.Builder::build)
                .sorted(Comparator.comparing(Revision::origin)).toList());
    }

    static List<String> rows(String... ids) {
        return List.of(ids);
    }

    static void upgrade(RevisionGraph g, String target, List<String> from, List<String> steps, String... headsAfter) {
        Plan plan = new Planner(g).upgrade(from, target);
        assertThat(plan.steps()).extracting(s -> s.revision().id()).as("steps of upgrade %s from %s", target, from)
                .containsExactlyElementsOf(steps);
        assertThat(plan.headsAfter()).as("heads after upgrade %s from %s", target, from)
                .containsExactlyInAnyOrder(headsAfter);
    }

    static void downgrade(RevisionGraph g, String target, List<String> from, List<String> steps, String... headsAfter) {
        Plan plan = new Planner(g).downgrade(from, target);
        assertThat(plan.steps()).extracting(s -> s.revision().id()).as("steps of downgrade %s from %s", target, from)
                .containsExactlyElementsOf(steps);
        assertThat(plan.headsAfter()).as("heads after downgrade %s from %s", target, from)
                .containsExactlyInAnyOrder(headsAfter);
    }

    static void stamp(RevisionGraph g, List<String> targets, List<String> from, String... headsAfter) {
        assertThat(g.stamp(from, targets).heads()).extracting(Revision::id)
                .as("heads after stamp %s from %s", targets, from).containsExactlyInAnyOrder(headsAfter);
    }

    // ------------------------------------------------------------------ RevisionPathTest

    /** a - b - c - d - e */
    @Nested
    @DisplayName("RevisionPathTest: one line")
    class RevisionPath {
        final RevisionGraph g = project(rev("a"), rev("b", "a"), rev("c", "b"), rev("d", "c"), rev("e", "d"));

        @Test
        @DisplayName("test_downgrade_base_no_version")
        void downgradeBaseNoVersion() {
            downgrade(g, "base", rows(), List.of());
        }

        @Test
        @DisplayName("test_downgrade_to_existing (#838)")
        void downgradeToExisting() {
            downgrade(g, "a", rows("a"), List.of(), "a");
        }

        @Test
        @DisplayName("test_downgrade_to_existing_head (#839)")
        void downgradeToExistingHead() {
            downgrade(g, "e", rows("e"), List.of(), "e");
        }

        @Test
        @DisplayName("test_upgrade_path")
        void upgradePath() {
            upgrade(g, "e", rows("c"), List.of("d", "e"), "e");
            upgrade(g, "c", rows(), List.of("a", "b", "c"), "c");
        }

        @Test
        @DisplayName("test_relative_upgrade_path")
        void relativeUpgradePath() {
            upgrade(g, "+2", rows("a"), List.of("b", "c"), "c");
            upgrade(g, "+1", rows("a"), List.of("b"), "b");
            upgrade(g, "+3", rows("b"), List.of("c", "d", "e"), "e");
            upgrade(g, "b+2", rows("a"), List.of("b", "c", "d"), "d");
            upgrade(g, "d-2", rows("a"), List.of("b"), "b");
        }

        @Test
        @DisplayName("test_invalid_relative_upgrade_path")
        void invalidRelativeUpgradePath() {
            assertFails(() -> g.upgradePath(rows("b"), "-2"), MigrationErrorCode.INVALID_TARGET, "steps back");
            assertFails(() -> g.upgradePath(rows("b"), "+5"), MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE, "past the head");
        }

        @Test
        @DisplayName("test_downgrade_path")
        void downgradePath() {
            downgrade(g, "c", rows("e"), List.of("e", "d"), "c");
            downgrade(g, "base", rows("c"), List.of("c", "b", "a"));
        }

        @Test
        @DisplayName("test_relative_downgrade_path")
        void relativeDowngradePath() {
            downgrade(g, "-1", rows("c"), List.of("c"), "b");
            downgrade(g, "-3", rows("e"), List.of("e", "d", "c"), "b");
            downgrade(g, "a+2", rows("d"), List.of("d"), "c");
            downgrade(g, "c-2", rows("d"), List.of("d", "c", "b"), "a");
        }

        @Test
        @DisplayName("test_invalid_relative_downgrade_path")
        void invalidRelativeDowngradePath() {
            assertFails(() -> g.downgradePath(rows("b"), "-5"), MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE, "past base");
            assertFails(() -> g.downgradePath(rows("b"), "+2"), MigrationErrorCode.INVALID_TARGET, "steps forward");
        }

        @Test
        @DisplayName("test_invalid_move_rev_to_none")
        void invalidMoveRevToNone() {
            // Alembic resolves the 3-character prefix and refuses the downgrade target; Ferry wants 4
            // characters before it resolves a prefix (docs/targets.md, "Where Ferry is stricter"), then
            // refuses the same downgrade as Alembic does.
            RevisionGraph hex = project(rev("e6239818bb3a"), rev("548bbb905360", "e6239818bb3a"));
            assertFails(() -> hex.downgradePath(rows(), "548"), MigrationErrorCode.AMBIGUOUS_REVISION, "too short");
            assertFails(() -> hex.downgradePath(rows(), "548b"), MigrationErrorCode.NOT_APPLIED, "not applied");
        }

        @Test
        @DisplayName("test_invalid_move_higher_to_lower")
        void invalidMoveHigherToLower() {
            assertFails(() -> g.downgradePath(rows("b"), "c"), MigrationErrorCode.NOT_APPLIED, "not applied");
        }

        @Test
        @DisplayName("test_stamp_to_base")
        void stampToBase() {
            stamp(g, List.of("base"), rows("d"));
        }
    }

    // ------------------------------------------------------------------ BranchedPathTest

    /**
     * <pre>
     *             c1 - d1   (c1branch)
     *            /
     *   a - b -
     *            \
     *             c2 - d2   (c2branch)
     * </pre>
     */
    @Nested
    @DisplayName("BranchedPathTest: two labelled branches from one branch point")
    class BranchedPath {
        final RevisionGraph g = project(rev("a"), rev("b", "a"),
                rev("c1", "b").branchLabels("c1branch"), rev("d1", "c1"),
                rev("c2", "b").branchLabels("c2branch"), rev("d2", "c2"));

        @Test
        @DisplayName("test_stamp_down_across_multiple_branch_to_branchpoint")
        void stampDownAcrossMultipleBranchToBranchpoint() {
            stamp(g, List.of("b"), rows("d1", "c2"), "b");
        }

        @Test
        @DisplayName("test_stamp_to_labeled_base_multiple_heads")
        void stampToLabeledBaseMultipleHeads() {
            stamp(g, List.of("c1branch@base"), rows("d1", "c2"), "c2");
        }

        @Test
        @DisplayName("test_stamp_to_labeled_head_multiple_heads")
        void stampToLabeledHeadMultipleHeads() {
            stamp(g, List.of("c2branch@head"), rows("d1", "c2"), "d1", "d2");
        }

        @Test
        @DisplayName("test_upgrade_single_branch")
        void upgradeSingleBranch() {
            upgrade(g, "d1", rows("b"), List.of("c1", "d1"), "d1");
        }

        @Test
        @DisplayName("test_upgrade_multiple_branch")
        void upgradeMultipleBranch() {
            // Alembic upgrades to (d1, d2) in one call; Ferry names both heads with 'heads'.
            // Alembic's order: b, c2, d2, c1, d1; Ferry's: the file-name order among independent revisions.
            upgrade(g, "heads", rows("a"), List.of("b", "c1", "c2", "d1", "d2"), "d1", "d2");
        }

        @Test
        @DisplayName("test_downgrade_multiple_branch")
        void downgradeMultipleBranch() {
            // Alembic's order: d1, c1, d2, c2, b; Ferry's is its upgrade order reversed.
            downgrade(g, "a", rows("d1", "d2"), List.of("d2", "d1", "c2", "c1", "b"), "a");
        }

        @Test
        @DisplayName("test_relative_upgrade")
        void relativeUpgrade() {
            upgrade(g, "c2branch@head-1", rows("b"), List.of("c2"), "c2");
        }

        @Test
        @DisplayName("test_relative_downgrade_baseplus2")
        void relativeDowngradeBasePlus2() {
            downgrade(g, "base+2", rows("d2", "d1"), List.of("d2", "d1", "c2", "c1"), "b");
        }

        @Test
        @DisplayName("test_relative_downgrade_branchplus2")
        void relativeDowngradeBranchPlus2() {
            // c2branch@base+2 counts a, b: the lineage of c2branch includes what it shares with c1branch.
            downgrade(g, "c2branch@base+2", rows("d2", "d1"), List.of("d2", "c2"), "d1");
        }

        @Test
        @DisplayName("test_relative_downgrade_branchplus3")
        void relativeDowngradeBranchPlus3() {
            downgrade(g, "c2", rows("d2", "d1"), List.of("d2"), "d1", "c2");
            downgrade(g, "c2branch@base+3", rows("d2", "d1"), List.of("d2"), "d1", "c2");
        }

        @Test
        @DisplayName("test_downgrade_once_order_right, _right_unbalanced, _left, _left_unbalanced")
        void downgradeOnceFromSeveralHeadsIsRefused() {
            // Alembic warns that this is ambiguous and steps down from the first row it reads. Ferry refuses.
            for (List<String> heads : List.of(rows("d2", "d1"), rows("c2", "d1"), rows("d1", "d2"), rows("c1", "d2"))) {
                assertFails(() -> g.downgradePath(heads, "-1"), MigrationErrorCode.MULTIPLE_HEADS,
                        "several current heads", "will not guess");
            }
        }

        @Test
        @DisplayName("test_downgrade_once_order_left_unbalanced_labelled")
        void downgradeOnceLabelled() {
            downgrade(g, "c1branch@-1", rows("d1", "d2"), List.of("d1"), "c1", "d2");
        }

        @Test
        @DisplayName("test_downgrade_relative_order_right (#765)")
        void downgradeRelativeOrderRight() {
            downgrade(g, "d2-1", rows("d2", "c1"), List.of("d2"), "c1", "c2");
        }

        @Test
        @DisplayName("test_downgrade_relative_order_left (#765)")
        void downgradeRelativeOrderLeft() {
            downgrade(g, "d2-1", rows("c1", "d2"), List.of("d2"), "c1", "c2");
        }

        @Test
        @DisplayName("test_downgrade_single_branch_c1branch")
        void downgradeSingleBranchC1branch() {
            downgrade(g, "c1branch@b", rows("c1", "d2"), List.of("c1"), "d2");
        }

        @Test
        @DisplayName("test_downgrade_single_branch_c1branch_from_d1_head")
        void downgradeSingleBranchC2branchFromD2Head() {
            downgrade(g, "c2branch@b", rows("c1", "d2"), List.of("d2", "c2"), "c1");
        }

        @Test
        @DisplayName("test_downgrade_single_branch_c2")
        void downgradeSingleBranchNamedByRevisionC2() {
            downgrade(g, "c2@b", rows("d1", "d2"), List.of("d2", "c2"), "d1");
        }

        @Test
        @DisplayName("test_downgrade_single_branch_d1")
        void downgradeSingleBranchNamedByHeadD1() {
            downgrade(g, "d1@b", rows("d1", "d2"), List.of("d1", "c1"), "d2");
        }

        @Test
        @DisplayName("test_downgrade_relative_to_branch_head")
        void downgradeRelativeToBranchHead() {
            downgrade(g, "c1branch@head-1", rows("d1", "d2"), List.of("d1"), "c1", "d2");
        }

        @Test
        @DisplayName("test_upgrade_other_branch_from_mergepoint")
        void upgradeOtherBranchFromBranchPoint() {
            upgrade(g, "c2branch@+1", rows("c1"), List.of("c2"), "c1", "c2");
        }

        @Test
        @DisplayName("test_upgrade_one_branch_of_heads")
        void upgradeOneBranchOfHeads() {
            upgrade(g, "c2branch@+1", rows("c1", "c2"), List.of("d2"), "c1", "d2");
        }

        @Test
        @DisplayName("test_ambiguous_upgrade")
        void ambiguousUpgrade() {
            assertFails(() -> g.upgradePath(rows("c1", "c2"), "+1"), MigrationErrorCode.MULTIPLE_HEADS, "ambiguous");
        }

        @Test
        @DisplayName("test_upgrade_from_base")
        void upgradeFromBase() {
            upgrade(g, "base+1", rows(), List.of("a"), "a");
        }

        @Test
        @DisplayName("test_upgrade_from_base_implicit")
        void upgradeFromBaseImplicit() {
            upgrade(g, "+1", rows(), List.of("a"), "a");
        }

        @Test
        @DisplayName("test_downgrade_minus1_to_base")
        void downgradeMinus1ToBase() {
            downgrade(g, "-1", rows("a"), List.of("a"));
        }

        @Test
        @DisplayName("test_downgrade_minus1_from_base")
        void downgradeMinus1FromBase() {
            assertFails(() -> g.downgradePath(rows(), "-1"), MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE, "nothing is applied");
        }

        @Test
        @DisplayName("test_downgrade_no_effect_branched")
        void downgradeNoEffectBranched() {
            downgrade(g, "c2", rows("d1", "c2"), List.of(), "d1", "c2");
            downgrade(g, "d1", rows("d1", "c2"), List.of(), "d1", "c2");
        }
    }

    // ------------------------------------------------------------------ BranchFromMergepointTest

    /**
     * <pre>
     *   a1 - b1 - c1 ------ d1
     *                     /
     *   a2 - b2 - c2 -----
     *                     \
     *                       d2
     * </pre>
     */
    @Nested
    @DisplayName("BranchFromMergepointTest: a merge point whose side branches on")
    class BranchFromMergepoint {
        final RevisionGraph g = project(rev("a1"), rev("b1", "a1"), rev("c1", "b1"),
                rev("a2"), rev("b2", "a2"), rev("c2", "b2"),
                rev("d1", "c1", "c2"), rev("d2", "c2"));

        @Test
        @DisplayName("test_mergepoint_to_only_one_side_upgrade")
        void mergepointToOnlyOneSideUpgrade() {
            upgrade(g, "d1", rows("d2", "b1"), List.of("c1", "d1"), "d2", "d1");
        }

        @Test
        @DisplayName("test_mergepoint_to_only_one_side_downgrade")
        void mergepointToOnlyOneSideDowngrade() {
            downgrade(g, "b1", rows("d2", "d1"), List.of("d1", "c1"), "d2", "b1");
        }
    }

    // ------------------------------------------------------------------ BranchFrom3WayMergepointTest

    /** Three lines a-b-c, merged by d1 (c1, c2, c3); c2 goes on to d2 and c3 to d3. */
    @Nested
    @DisplayName("BranchFrom3WayMergepointTest: a three-sided merge point")
    class BranchFrom3WayMergepoint {
        final RevisionGraph g = project(rev("a1"), rev("b1", "a1"), rev("c1", "b1"),
                rev("a2"), rev("b2", "a2"), rev("c2", "b2"),
                rev("a3"), rev("b3", "a3"), rev("c3", "b3"),
                rev("d1", "c1", "c2", "c3"), rev("d2", "c2"), rev("d3", "c3"));

        @Test
        @DisplayName("test_mergepoint_to_only_one_side_upgrade")
        void mergepointToOnlyOneSideUpgrade() {
            upgrade(g, "d1", rows("d3", "d2", "b1"), List.of("c1", "d1"), "d3", "d2", "d1");
        }

        @Test
        @DisplayName("test_mergepoint_to_only_one_side_downgrade")
        void mergepointToOnlyOneSideDowngrade() {
            downgrade(g, "b1", rows("d3", "d2", "d1"), List.of("d1", "c1"), "d3", "d2", "b1");
        }

        @Test
        @DisplayName("test_mergepoint_to_two_sides_upgrade")
        void mergepointToTwoSidesUpgrade() {
            // Alembic's order: c2, c1, d1.
            upgrade(g, "d1", rows("d3", "b2", "b1"), List.of("c1", "c2", "d1"), "d3", "d1");
            upgrade(g, "d2", rows("d3", "d1"), List.of("d2"), "d3", "d2", "d1");
        }
    }

    // ------------------------------------------------------------------ TwinMergeTest, NotQuiteTwinMergeTest

    /** Applies one revision at a time, checking the heads after each, as Alembic's HeadMaintainer tests do. */
    static void oneAtATime(RevisionGraph g, List<String> from, String[][] stepsAndHeads) {
        List<String> heads = from;
        for (String[] step : stepsAndHeads) {
            Plan plan = new Planner(g).upgrade(heads, step[0]);
            assertThat(plan.steps()).extracting(s -> s.revision().id()).containsExactly(step[0]);
            heads = plan.headsAfter();
            assertThat(heads).as("heads after %s", step[0])
                    .containsExactlyInAnyOrder(Arrays.copyOfRange(step, 1, step.length));
        }
    }

    @Nested
    @DisplayName("TwinMergeTest (#297): two merge points of the same three branches")
    class TwinMerge {
        final RevisionGraph g = project(rev("a"), rev("b1", "a"), rev("b2", "a"), rev("b3", "a"),
                rev("c1", "b1", "b2", "b3"), rev("c2", "b1", "b2", "b3"), rev("d1", "c1"), rev("d2", "c2"));

        @Test
        @DisplayName("test_upgrade")
        void upgradeOneAtATime() {
            oneAtATime(g, rows("a"), new String[][] {
                    {"b3", "b3"}, {"b1", "b1", "b3"}, {"b2", "b1", "b2", "b3"}, {"c2", "c2"}, {"d2", "d2"},
                    {"c1", "c1", "d2"}, {"d1", "d1", "d2"}});
        }
    }

    @Nested
    @DisplayName("NotQuiteTwinMergeTest: two merge points sharing one side")
    class NotQuiteTwinMerge {
        final RevisionGraph g = project(rev("a"), rev("b1", "a"), rev("b2", "a"), rev("b3", "a"),
                rev("c1", "b1", "b2"), rev("c2", "b2", "b3"), rev("d1", "c1"), rev("d2", "c2"));

        @Test
        @DisplayName("test_upgrade")
        void upgradeOneAtATime() {
            oneAtATime(g, rows("a"), new String[][] {
                    {"b2", "b2"}, {"b3", "b2", "b3"}, {"c2", "c2"}, {"d2", "d2"}, {"b1", "b1", "d2"},
                    {"c1", "c1", "d2"}, {"d1", "d1", "d2"}});
        }
    }

    // ------------------------------------------------------------------ dependencies

    /** a1 (lib1) - b1 - c1 - d1 - e1 - f1, and a2 - b2 - c2 where c2 depends on c1. */
    @Nested
    @DisplayName("DependsOnBranchTestOne: a dependency across two bases")
    class DependsOnBranchOne {
        final RevisionGraph g = project(rev("a1").branchLabels("lib1"), rev("b1", "a1"), rev("c1", "b1"),
                rev("a2"), rev("b2", "a2"), rev("c2", "b2").dependsOn("c1"),
                rev("d1", "c1"), rev("e1", "d1"), rev("f1", "e1"));

        @Test
        @DisplayName("test_downgrade_to_dependency")
        void downgradeToDependency() {
            // c1 stays out of ferry_version: c2, which depends on it, implies it.
            downgrade(g, "c1", rows("c2", "d1"), List.of("d1"), "c2");
        }

        @Test
        @DisplayName("test_stamp_across_dependency")
        void stampAcrossDependency() {
            stamp(g, List.of("b1"), rows("e1", "c2"), "b1");
        }
    }

    /**
     * a1, a2, a3 merged by amerge; b1, b2 by bmerge; c1, c2, c3 by cmerge; d1, a base of its own, depends
     * on a3, b2 and c1.
     */
    @Nested
    @DisplayName("DependsOnBranchTestTwo: merges and a revision depending on three of their sides")
    class DependsOnBranchTwo {
        final RevisionGraph g = project(rev("a1"), rev("a2"), rev("a3"), rev("amerge", "a1", "a2", "a3"),
                rev("b1"), rev("b2"), rev("bmerge", "b1", "b2"),
                rev("c1"), rev("c2"), rev("c3"), rev("cmerge", "c1", "c2", "c3"),
                rev("d1").dependsOn("a3", "b2", "c1"));

        @Test
        @DisplayName("test_kaboom: downgrade b2")
        void kaboomDowngradeToOneSideOfAMerge() {
            // b2 does not come back into ferry_version: d1 implies it.
            downgrade(g, "b2", rows("amerge", "bmerge", "cmerge", "d1"), List.of("bmerge"), "amerge", "b1", "cmerge",
                    "d1");
        }

        @Test
        @DisplayName("test_kaboom: downgrade d1@base")
        void kaboomDowngradeARevisionNamedAsBranch() {
            // d1 names its own line; reverting it brings b2 back into ferry_version, as nothing implies it now.
            downgrade(g, "d1@base", rows("amerge", "d1", "b1", "cmerge"), List.of("d1"), "amerge", "b1", "b2",
                    "cmerge");
        }

        @Test
        @DisplayName("test_kaboom: downgrade base")
        void kaboomDowngradeBase() {
            // Alembic notes its order here depends on its sort; Ferry's is its upgrade order reversed.
            downgrade(g, "base", rows("amerge", "b1", "b2", "cmerge"),
                    List.of("cmerge", "c3", "c2", "c1", "b2", "b1", "amerge", "a3", "a2", "a1"));
        }
    }

    /** a1 - a2 - a3 and b1 - b2 - b3; b2 depends on a2, a3 depends on b1 (Alembic #377). */
    @Nested
    @DisplayName("DependsOnBranchTestThree (#377): dependencies crossing both ways")
    class DependsOnBranchThree {
        final RevisionGraph g = project(rev("a1"), rev("a2", "a1"), rev("b1"), rev("b2", "b1").dependsOn("a2"),
                rev("b3", "b2"), rev("a3", "a2").dependsOn("b1"));

        @Test
        @DisplayName("test_downgrade_over_crisscross")
        void downgradeOverCrisscross() {
            downgrade(g, "b1", rows("a3", "b2"), List.of("b2"), "a3");
        }
    }

    @Nested
    @DisplayName("DependsOnOwnDownrevTest (#843): depends-on names the parent")
    class DependsOnOwnDownrev {
        final RevisionGraph g = project(rev("a1"), rev("a2", "a1").dependsOn("a1"));

        @Test
        @DisplayName("test_traverse")
        void traverse() {
            upgrade(g, "a2", rows(), List.of("a1", "a2"), "a2");
        }

        @Test
        @DisplayName("test_traverse_down")
        void traverseDown() {
            downgrade(g, "a1", rows("a2"), List.of("a2"), "a1");
        }
    }

    /** a1 - a2 - a3 and b1 - b2 - b3 - b4, where b2 and b4 both depend on a3 (Alembic #789). */
    @Nested
    @DisplayName("DependsOnBranchTestFour (#789): a dependency repeated further up")
    class DependsOnBranchFour {
        final RevisionGraph g = project(rev("a1"), rev("a2", "a1"), rev("a3", "a2"),
                rev("b1"), rev("b2", "b1").dependsOn("a3"), rev("b3", "b2"), rev("b4", "b3").dependsOn("a3"));

        @Test
        @DisplayName("test_dependencies_are_normalized")
        void dependenciesAreNormalized() {
            // a3 does not come back: b3 still implies it, through b2.
            downgrade(g, "b3", rows("b4"), List.of("b4"), "b3");
        }
    }

    /**
     * Alembic #1373: a1; b1, a base of its own that depends on a1; bmerge merges a1 and b1. The results
     * are those Alembic 1.20 gives for this graph.
     */
    @Nested
    @DisplayName("DependsOnBranchTestFive (#1373): a merge of a revision and one that depends on it")
    class DependsOnBranchFive {
        final RevisionGraph g = project(rev("a1"), rev("b1").dependsOn("a1"), rev("bmerge", "a1", "b1"));

        @Test
        @DisplayName("upgrade to the dependent, then to the merge")
        void upgradeToTheDependentAndTheMerge() {
            upgrade(g, "b1", rows(), List.of("a1", "b1"), "b1");
            upgrade(g, "bmerge", rows(), List.of("a1", "b1", "bmerge"), "bmerge");
        }

        @Test
        @DisplayName("downgrade from the merge to either side")
        void downgradeFromTheMergeToEitherSide() {
            // a1 does not come back into ferry_version: b1, which depends on it, implies it.
            downgrade(g, "b1", rows("bmerge"), List.of("bmerge"), "b1");
            downgrade(g, "a1", rows("bmerge"), List.of("bmerge"), "b1");
        }
    }

    /** As DependsOnBranchTestOne, but c2 depends on the label c1lib, declared by c1. */
    @Nested
    @DisplayName("DependsOnBranchLabelTest: depends-on names a branch label")
    class DependsOnBranchLabel {
        final RevisionGraph g = project(rev("a1").branchLabels("lib1"), rev("b1", "a1"),
                rev("c1", "b1").branchLabels("c1lib"),
                rev("a2"), rev("b2", "a2"), rev("c2", "b2").dependsOn("c1lib"),
                rev("d1", "c1"), rev("e1", "d1"), rev("f1", "e1"));

        @Test
        @DisplayName("test_upgrade_path")
        void upgradePath() {
            // The label stands for the revision that declares it (c1), not the branch's head (f1).
            // Alembic's order: a1, b1, c1, b2, c2.
            upgrade(g, "c2", rows("a2"), List.of("a1", "b1", "b2", "c1", "c2"), "c2");
            assertThat(g.dependencies(g.get("c2"))).extracting(Revision::id).containsExactly("c1");
        }
    }

    // ------------------------------------------------------------------ ForestTest

    @Nested
    @DisplayName("ForestTest: two unrelated bases")
    class Forest {
        final RevisionGraph g = project(rev("a1"), rev("b1", "a1"), rev("a2"), rev("b2", "a2"));

        @Test
        @DisplayName("test_base_to_heads")
        void baseToHeads() {
            // Alembic's order: a2, b2, a1, b1.
            upgrade(g, "heads", rows(), List.of("a1", "a2", "b1", "b2"), "b1", "b2");
        }

        @Test
        @DisplayName("test_stamp_to_heads")
        void stampToHeads() {
            stamp(g, List.of("heads"), rows(), "b1", "b2");
        }

        @Test
        @DisplayName("test_stamp_to_heads_no_moves_needed")
        void stampToHeadsNoMovesNeeded() {
            stamp(g, List.of("heads"), rows("b1", "b2"), "b1", "b2");
        }
    }

    // ------------------------------------------------------------------ MergedPathTest

    /**
     * <pre>
     *             c1 - d1
     *            /        \
     *   a - b -            e - f
     *            \        /
     *             c2 - d2       (c2branch)
     * </pre>
     */
    @Nested
    @DisplayName("MergedPathTest: a branch and its merge")
    class MergedPath {
        final RevisionGraph g = project(rev("a"), rev("b", "a"), rev("c1", "b"), rev("d1", "c1"),
                rev("c2", "b").branchLabels("c2branch"), rev("d2", "c2"), rev("e", "d1", "d2"), rev("f", "e"));

        @Test
        @DisplayName("test_stamp_down_across_merge_point_branch")
        void stampDownAcrossMergePointBranch() {
            stamp(g, List.of("c2"), rows("e"), "c2");
        }

        @Test
        @DisplayName("test_stamp_down_across_merge_prior_branching")
        void stampDownAcrossMergePriorBranching() {
            stamp(g, List.of("a"), rows("e"), "a");
        }

        @Test
        @DisplayName("test_stamp_up_across_merge_from_single_branch")
        void stampUpAcrossMergeFromSingleBranch() {
            stamp(g, List.of("e"), rows("c2"), "e");
        }

        @Test
        @DisplayName("test_stamp_labled_head_across_merge_from_multiple_branch")
        void stampLabelledHeadAcrossMergeFromMultipleBranch() {
            stamp(g, List.of("c2branch@head"), rows("d1", "c2"), "f");
        }

        @Test
        @DisplayName("test_stamp_up_across_merge_from_multiple_branch")
        void stampUpAcrossMergeFromMultipleBranch() {
            stamp(g, List.of("e"), rows("d1", "c2"), "e");
        }

        @Test
        @DisplayName("test_stamp_up_across_merge_prior_branching")
        void stampUpAcrossMergePriorBranching() {
            stamp(g, List.of("e"), rows("b"), "e");
        }

        @Test
        @DisplayName("test_upgrade_across_merge_point")
        void upgradeAcrossMergePoint() {
            // Alembic's order: c2, d2, c1, d1, e, f.
            upgrade(g, "f", rows("b"), List.of("c1", "c2", "d1", "d2", "e", "f"), "f");
        }

        @Test
        @DisplayName("test_downgrade_across_merge_point")
        void downgradeAcrossMergePoint() {
            // Alembic's order: f, e, d1, c1, d2, c2.
            downgrade(g, "b", rows("f"), List.of("f", "e", "d2", "d1", "c2", "c1"), "b");
        }
    }

    // ------------------------------------------------------------------ BranchedPathTestCrossDependencies

    /** As BranchedPathTest, but d2 also depends on c1. */
    @Nested
    @DisplayName("BranchedPathTestCrossDependencies: one branch depends on the other")
    class BranchedPathCrossDependencies {
        final RevisionGraph g = project(rev("a"), rev("b", "a"),
                rev("c1", "b").branchLabels("c1branch"), rev("d1", "c1"),
                rev("c2", "b").branchLabels("c2branch"), rev("d2", "c2").dependsOn("c1"));

        @Test
        @DisplayName("test_downgrade_independent_branch")
        void downgradeIndependentBranch() {
            downgrade(g, "c2branch@b", rows("d1", "d2"), List.of("d2", "c2"), "d1");
        }

        @Test
        @DisplayName("test_downgrade_branch_dependency")
        void downgradeBranchDependency() {
            // d2 goes too: it depends on c1. Alembic pins only that d1 and d2 go before c1.
            downgrade(g, "c1branch@b", rows("d1", "d2"), List.of("d2", "d1", "c1"), "c2");
        }
    }
}
