package io.ferry.migration.graph;

import static io.ferry.migration.graph.Graphs.graph;
import static io.ferry.migration.graph.Graphs.ids;
import static io.ferry.migration.graph.Graphs.rev;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.MigrationErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionGraphTest {

    /**
     * <pre>
     *        b1 - b2
     *       /        \
     *   a1            m1 - m2
     *       \        /
     *        c1 ----
     * </pre>
     */
    private final RevisionGraph diamond = graph(
            rev("a1"), rev("b1", "a1"), rev("b2", "b1"), rev("c1", "a1"), rev("m1", "b2", "c1"), rev("m2", "m1"));

    @Test
    void answersTheStructuralQueries() {
        assertThat(ids(diamond.heads())).containsExactly("m2");
        assertThat(ids(diamond.bases())).containsExactly("a1");
        assertThat(ids(diamond.branchPoints())).containsExactly("a1");
        assertThat(ids(diamond.mergePoints())).containsExactly("m1");
        assertThat(ids(diamond.children(diamond.get("a1")))).containsExactly("b1", "c1");
    }

    @Test
    void topologicalOrderPutsParentsFirstAndBreaksTiesByInputOrder() {
        assertThat(ids(diamond.revisions())).containsExactly("a1", "b1", "b2", "c1", "m1", "m2");

        RevisionGraph shuffled = graph(rev("m1", "b1", "c1"), rev("c1", "a1"), rev("b1", "a1"), rev("a1"));
        assertThat(ids(shuffled.revisions())).containsExactly("a1", "c1", "b1", "m1");
    }

    @Test
    void dependsOnOrdersButDoesNotJoinBranches() {
        RevisionGraph g = graph(
                rev("n1").branchLabels("networking"),
                rev("s1").branchLabels("shop"),
                rev("s2", "s1").dependsOn("n1"));
        assertThat(ids(g.heads())).containsExactly("n1", "s2");
        assertThat(ids(g.headsResolvingDependencies())).containsExactly("s2");
        assertThat(ids(g.dependents(g.get("n1")))).containsExactly("s2");
        assertThat(ids(g.ancestors(List.of(g.get("s2"))))).containsExactlyInAnyOrder("s2", "s1", "n1");
        assertThat(ids(g.descendants(List.of(g.get("n1"))))).containsExactlyInAnyOrder("n1", "s2");
        // n1 comes before s2 although it was given later than nothing and before s1.
        assertThat(ids(g.revisions())).containsSubsequence("n1", "s2");
    }

    @Test
    void branchLabelsCoverTheBranchAndItsDescendants() {
        RevisionGraph g = graph(
                rev("a1"), rev("b1", "a1"), rev("b2", "b1").branchLabels("reports"), rev("b3", "b2"),
                rev("c1", "a1"));
        assertThat(g.branchLabels(g.get("b1"))).containsExactly("reports");
        assertThat(g.branchLabels(g.get("b2"))).containsExactly("reports");
        assertThat(g.branchLabels(g.get("b3"))).containsExactly("reports");
        assertThat(g.branchLabels(g.get("a1"))).as("a1 is the branch point").isEmpty();
        assertThat(g.branchLabels(g.get("c1"))).isEmpty();
        assertThat(g.branchLabelOwners()).containsOnlyKeys("reports");
    }

    @Test
    void emptyGraphHasNothing() {
        RevisionGraph g = RevisionGraph.empty();
        assertThat(g.isEmpty()).isTrue();
        assertThat(g.heads()).isEmpty();
        assertThat(g.upgradePath(List.of(), "heads")).isEmpty();
        assertFails(() -> g.upgradePath(List.of(), "head"), MigrationErrorCode.UNKNOWN_REVISION, "no migrations");
    }

    @Test
    void rejectsADuplicateIdNamingBothFiles() {
        assertFails(() -> RevisionGraph.of(List.of(
                        Revision.builder("a1").origin("migrations/one.sql").build(),
                        Revision.builder("a1").origin("migrations/two.sql").build())),
                MigrationErrorCode.DUPLICATE_REVISION, "'a1'", "migrations/one.sql", "migrations/two.sql");
    }

    @Test
    void rejectsAnUnknownParentNamingTheFile() {
        assertFails(() -> graph(rev("a1"), rev("b1", "zz99")),
                MigrationErrorCode.UNKNOWN_PARENT, "b1.sql", "'zz99'", "no migration defines");
    }

    @Test
    void unknownParentThatIsAPrefixSuggestsTheFullId() {
        assertFails(() -> graph(rev("ae1027a6acf"), rev("b1", "ae10")),
                MigrationErrorCode.UNKNOWN_PARENT, "'ae10'", "did you mean 'ae1027a6acf'");
    }

    @Test
    void rejectsAnUnknownDependency() {
        assertFails(() -> graph(rev("a1"), rev("b1", "a1").dependsOn("nope")),
                MigrationErrorCode.UNKNOWN_PARENT, "b1.sql", "depends on 'nope'");
    }

    @Test
    void rejectsACycleNamingTheRevisionsAndFiles() {
        assertFails(() -> graph(rev("a1", "c1"), rev("b1", "a1"), rev("c1", "b1"), rev("x1")),
                MigrationErrorCode.REVISION_CYCLE, "cycle", "a1 -> b1 -> c1 -> a1", "a1.sql", "b1.sql", "c1.sql");
    }

    @Test
    void rejectsACycleThroughDependsOn() {
        assertFails(() -> graph(rev("a1").dependsOn("b2"), rev("b1"), rev("b2", "b1").dependsOn("a1")),
                MigrationErrorCode.REVISION_CYCLE, "a1", "b2", "cycle");
    }

    @Test
    void rejectsARevisionThatRevisesItself() {
        assertFails(() -> graph(rev("a1", "a1")), MigrationErrorCode.REVISION_CYCLE, "a1.sql", "revises itself");
    }

    @Test
    void rejectsAnIdWithACharacterOutsideTheAllowedSet() {
        assertFails(() -> graph(rev("add-users")), MigrationErrorCode.INVALID_REVISION_ID,
                "add-users.sql", "'add-users'", "letters, digits and underscores");
        assertFails(() -> graph(rev("a1@x")), MigrationErrorCode.INVALID_REVISION_ID, "'a1@x'");
        assertFails(() -> graph(rev("")), MigrationErrorCode.INVALID_REVISION_ID);
    }

    @Test
    void rejectsAnIdLongerThanTheVersionTableHolds() {
        assertFails(() -> graph(rev("a".repeat(65))), MigrationErrorCode.INVALID_REVISION_ID, "65 characters", "limit is 64");
        assertThat(graph(rev("a".repeat(64))).heads()).hasSize(1);
    }

    @Test
    void rejectsARevisionNamedTwiceAsParent() {
        assertFails(() -> graph(rev("a1"), rev("b1", "a1", "a1")), MigrationErrorCode.INVALID_REVISION_ID, "revises 'a1' twice");
        assertFails(() -> graph(rev("a1"), rev("b1").dependsOn("a1", "a1")), MigrationErrorCode.INVALID_REVISION_ID,
                "depends on 'a1' twice");
    }

    /** Alembic #843: a parent named again in depends-on loads, and adds nothing to the parent edge. */
    @Test
    void aParentNamedInDependsOnIsJustTheParent() {
        RevisionGraph g = graph(rev("a1"), rev("b1", "a1").dependsOn("a1"));
        assertThat(g.dependencies(g.get("b1"))).isEmpty();
        assertThat(g.dependents(g.get("a1"))).isEmpty();
        assertThat(ids(g.heads())).containsExactly("b1");
    }

    @Test
    void dependsOnTakesABranchLabelForTheRevisionThatDeclaresIt() {
        RevisionGraph g = graph(rev("a1").branchLabels("lib"), rev("a2", "a1"), rev("b1").dependsOn("lib"));
        assertThat(ids(g.dependencies(g.get("b1")))).containsExactly("a1");
        assertThat(ids(g.dependents(g.get("a1")))).containsExactly("b1");
        assertFails(() -> graph(rev("a1"), rev("b1", "lib")), MigrationErrorCode.UNKNOWN_PARENT, "revises 'lib'");
        assertFails(() -> graph(rev("a1").branchLabels("lib"), rev("b1", "lib")), MigrationErrorCode.UNKNOWN_PARENT,
                "only depends-on accepts");
        assertFails(() -> graph(rev("a1").branchLabels("lib").dependsOn("lib")), MigrationErrorCode.REVISION_CYCLE,
                "its own branch label");
        assertFails(() -> graph(rev("a1").dependsOn("lib"), rev("b1", "a1").branchLabels("lib")), MigrationErrorCode.REVISION_CYCLE,
                "a1 -> b1 -> a1");
    }

    @Test
    void rejectsReservedWordsAsIds() {
        assertFails(() -> graph(rev("head")), MigrationErrorCode.INVALID_REVISION_ID, "reserved");
        assertFails(() -> graph(rev("base")), MigrationErrorCode.INVALID_REVISION_ID, "reserved");
    }

    @Test
    void rejectsABranchLabelUsedTwice() {
        assertFails(() -> graph(rev("a1").branchLabels("shop"), rev("b1").branchLabels("shop")),
                MigrationErrorCode.DUPLICATE_BRANCH_LABEL, "'shop'", "a1.sql", "b1.sql");
    }

    @Test
    void rejectsMalformedBranchLabels() {
        assertFails(() -> graph(rev("a1").branchLabels("x@y")), MigrationErrorCode.INVALID_BRANCH_LABEL, "'x@y'");
        assertFails(() -> graph(rev("a1").branchLabels("heads")), MigrationErrorCode.INVALID_BRANCH_LABEL, "'heads'");
        assertFails(() -> graph(rev("a1").branchLabels("b1"), rev("b1")), MigrationErrorCode.INVALID_BRANCH_LABEL,
                "'b1'", "b1.sql");
    }
}
