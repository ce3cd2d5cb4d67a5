package io.ferry.migration.graph;

import static io.ferry.migration.graph.Graphs.graph;
import static io.ferry.migration.graph.Graphs.ids;
import static io.ferry.migration.graph.Graphs.rev;
import static io.ferry.migration.graph.Graphs.steps;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.MigrationErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scenarios of Alembic's documentation on branches, with its revision ids, behaving as that
 * documentation describes.
 */
class AlembicBranchesTest {

    // 1975ea83b712 is the base; ae1027a6acf and 27c6a30d7c24 both revise it.
    private static final Revision.Builder[] TWO_HEADS = {
            rev("1975ea83b712"), rev("ae1027a6acf", "1975ea83b712"), rev("27c6a30d7c24", "1975ea83b712")};

    @Test
    void twoRevisionsOnOneBaseMakeTwoHeads() {
        RevisionGraph g = graph(TWO_HEADS);
        assertThat(ids(g.heads())).containsExactlyInAnyOrder("ae1027a6acf", "27c6a30d7c24");
        assertThat(ids(g.branchPoints())).containsExactly("1975ea83b712");
    }

    @Test
    void upgradeHeadRefusesWhenThereAreTwoHeads() {
        RevisionGraph g = graph(TWO_HEADS);
        assertFails(() -> g.upgradePath(List.of("1975ea83b712"), "head"), MigrationErrorCode.MULTIPLE_HEADS,
                "ae1027a6acf", "27c6a30d7c24");
    }

    @Test
    void upgradeHeadsAppliesBothBranches() {
        RevisionGraph g = graph(TWO_HEADS);
        assertThat(steps(g.upgradePath(List.of(), "heads")))
                .containsExactly("+1975ea83b712", "+ae1027a6acf", "+27c6a30d7c24");
        assertThat(steps(g.upgradePath(List.of("ae1027a6acf"), "heads"))).containsExactly("+27c6a30d7c24");
    }

    @Test
    void upgradeToOneBranchLeavesTheOther() {
        RevisionGraph g = graph(TWO_HEADS);
        assertThat(steps(g.upgradePath(List.of("1975ea83b712"), "27c6a"))).containsExactly("+27c6a30d7c24");
    }

    @Test
    void aMergeRevisionJoinsTheHeadsSoHeadWorksAgain() {
        RevisionGraph g = graph(rev("1975ea83b712"), rev("ae1027a6acf", "1975ea83b712"),
                rev("27c6a30d7c24", "1975ea83b712"), rev("53fffde5ad5", "ae1027a6acf", "27c6a30d7c24"));
        assertThat(ids(g.heads())).containsExactly("53fffde5ad5");
        assertThat(ids(g.mergePoints())).containsExactly("53fffde5ad5");
        assertThat(steps(g.upgradePath(List.of("ae1027a6acf", "27c6a30d7c24"), "head")))
                .containsExactly("+53fffde5ad5");
        assertThat(steps(g.upgradePath(List.of(), "head")))
                .containsExactly("+1975ea83b712", "+ae1027a6acf", "+27c6a30d7c24", "+53fffde5ad5");
        // Downgrading to one of the merged revisions removes the merge only: both branches stay applied.
        assertThat(steps(g.downgradePath(List.of("53fffde5ad5"), "ae1027a6acf"))).containsExactly("-53fffde5ad5");
        // Downgrading to the branch point removes both branches, after the merge.
        assertThat(steps(g.downgradePath(List.of("53fffde5ad5"), "1975ea83b712")))
                .containsExactly("-53fffde5ad5", "-27c6a30d7c24", "-ae1027a6acf");
    }

    /** A second base labelled networking, then a revision on the shopping cart branch that depends on it. */
    private static RevisionGraph multipleBases() {
        return graph(
                rev("1975ea83b712").branchLabels("shoppingcart"),
                rev("27c6a30d7c24", "1975ea83b712"),
                rev("ae1027a6acf", "27c6a30d7c24"),
                rev("3cac04ae8714").branchLabels("networking"),
                rev("109ec7d132bf", "3cac04ae8714"),
                rev("29f859a13ea", "109ec7d132bf"),
                rev("55af2cb1c267", "ae1027a6acf").dependsOn("29f859a13ea"));
    }

    @Test
    void upgradeOneLabelledBranchOnlyTouchesThatBranch() {
        RevisionGraph g = multipleBases();
        assertThat(ids(g.bases())).containsExactly("1975ea83b712", "3cac04ae8714");
        assertThat(steps(g.upgradePath(List.of(), "networking@head")))
                .containsExactly("+3cac04ae8714", "+109ec7d132bf", "+29f859a13ea");
        assertThat(steps(g.upgradePath(List.of("27c6a30d7c24"), "networking@+2")))
                .containsExactly("+3cac04ae8714", "+109ec7d132bf");
    }

    @Test
    void dependsOnPullsTheOtherBranchInOnUpgrade() {
        RevisionGraph g = multipleBases();
        assertThat(ids(g.heads())).containsExactly("29f859a13ea", "55af2cb1c267");
        assertThat(ids(g.headsResolvingDependencies())).containsExactly("55af2cb1c267");
        List<String> path = steps(g.upgradePath(List.of("ae1027a6acf"), "55af2cb1c267"));
        assertThat(path).containsExactly("+3cac04ae8714", "+109ec7d132bf", "+29f859a13ea", "+55af2cb1c267");
    }

    @Test
    void dependsOnIsHonouredOnDowngrade() {
        RevisionGraph g = multipleBases();
        // Removing the networking branch must first remove the shopping-cart revision that depends on it.
        assertThat(steps(g.downgradePath(List.of("55af2cb1c267", "29f859a13ea"), "networking@base")))
                .containsExactly("-55af2cb1c267", "-29f859a13ea", "-109ec7d132bf", "-3cac04ae8714");
        assertThat(steps(g.downgradePath(List.of("55af2cb1c267"), "109ec7d132bf")))
                .containsExactly("-55af2cb1c267", "-29f859a13ea");
        // Removing the shopping cart branch leaves networking alone.
        assertThat(steps(g.downgradePath(List.of("55af2cb1c267"), "shoppingcart@base")))
                .containsExactly("-55af2cb1c267", "-ae1027a6acf", "-27c6a30d7c24", "-1975ea83b712");
    }
}
