package io.ferry.migration.graph;

import static io.ferry.migration.graph.Graphs.graph;
import static io.ferry.migration.graph.Graphs.ids;
import static io.ferry.migration.graph.Graphs.rev;
import static io.ferry.migration.graph.Graphs.steps;
import static io.ferry.migration.testing.Errors.actions;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.MigrationErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every form of the target grammar, on upgrade and downgrade, and every way a target can be wrong. */
class TargetGrammarTest {

    /** l1 - l2 - l3 - l4 */
    private final RevisionGraph linear = graph(rev("l1"), rev("l2", "l1"), rev("l3", "l2"), rev("l4", "l3"));

    /**
     * <pre>
     *            b1 - b2             (billing, from b1)
     *           /
     * a1 - a2 -
     *           \
     *            c1 - c2 - c3        (catalog, from c1)
     *
     * n1 - n2                        (net, a second base)
     * </pre>
     */
    private final RevisionGraph branches = graph(
            rev("a1"), rev("a2", "a1"),
            rev("b1", "a2").branchLabels("billing"), rev("b2", "b1"),
            rev("c1", "a2").branchLabels("catalog"), rev("c2", "c1"), rev("c3", "c2"),
            rev("n1").branchLabels("net"), rev("n2", "n1"));

    private final RevisionGraph hexIds = graph(
            rev("ae1027a6acf"), rev("ae1099c2b3e1", "ae1027a6acf"), rev("27c6a30d7c24", "ae1099c2b3e1"));

    // ------------------------------------------------------------------ head, heads, base

    @Test
    void headIsTheSingleHead() {
        assertThat(steps(linear.upgradePath(List.of(), "head"))).containsExactly("+l1", "+l2", "+l3", "+l4");
        assertThat(linear.upgradePath(List.of("l4"), "head")).as("already at head: nothing to do").isEmpty();
    }

    @Test
    void headWithSeveralHeadsListsThemAndSuggestsHeadsOrMerge() {
        assertFails(() -> branches.upgradePath(List.of(), "head"), MigrationErrorCode.MULTIPLE_HEADS,
                "several heads", "b2, c3, n2");
        var e = assertFails(() -> branches.upgradePath(List.of(), "head"), MigrationErrorCode.MULTIPLE_HEADS);
        assertThat(e.hint()).contains("heads");
        assertThat(actions(e)).containsExactly("UPGRADE heads", "MERGE b2 c3 n2");
    }

    @Test
    void headsIsEveryHead() {
        assertThat(ids(branches.resolve("heads", List.of()))).containsExactly("b2", "c3", "n2");
        assertThat(steps(branches.upgradePath(List.of("b1"), "heads")))
                .containsExactly("+b2", "+c1", "+c2", "+c3", "+n1", "+n2");
    }

    @Test
    void baseRemovesEverythingAndIsNoUpgradeTarget() {
        assertThat(steps(linear.downgradePath(List.of("l4"), "base"))).containsExactly("-l4", "-l3", "-l2", "-l1");
        assertThat(steps(branches.downgradePath(List.of("b2", "c1"), "base")))
                .containsExactly("-c1", "-b2", "-b1", "-a2", "-a1");
        assertFails(() -> linear.upgradePath(List.of(), "base"), MigrationErrorCode.INVALID_TARGET, "'base'",
                "before the first revision");
    }

    // ------------------------------------------------------------------ ids and prefixes

    @Test
    void fullIdsAndUniquePrefixesResolve() {
        assertThat(steps(hexIds.upgradePath(List.of(), "ae1099c2b3e1"))).containsExactly("+ae1027a6acf", "+ae1099c2b3e1");
        assertThat(steps(hexIds.upgradePath(List.of(), "27c6"))).hasSize(3);
        assertThat(hexIds.resolveRef("ae1027").id()).isEqualTo("ae1027a6acf");
        assertThat(hexIds.resolveRef("ae1027a6acf").id()).isEqualTo("ae1027a6acf");
    }

    @Test
    void ambiguousPrefixListsTheCandidates() {
        assertFails(() -> hexIds.upgradePath(List.of(), "ae10"), MigrationErrorCode.AMBIGUOUS_REVISION,
                "'ae10'", "ambiguous", "ae1027a6acf", "ae1099c2b3e1");
    }

    @Test
    void prefixShorterThanFourCharactersIsRefusedListingCandidates() {
        assertFails(() -> hexIds.upgradePath(List.of(), "27c"), MigrationErrorCode.AMBIGUOUS_REVISION,
                "'27c'", "too short", "at least 4", "27c6a30d7c24");
        assertFails(() -> hexIds.upgradePath(List.of(), "ae"), MigrationErrorCode.AMBIGUOUS_REVISION,
                "too short", "ae1027a6acf, ae1099c2b3e1");
    }

    @Test
    void unknownRevisionIsNamed() {
        assertFails(() -> hexIds.upgradePath(List.of(), "ffff"), MigrationErrorCode.UNKNOWN_REVISION, "'ffff'");
        assertFails(() -> hexIds.downgradePath(List.of("27c6a30d7c24"), "deadbeef"), MigrationErrorCode.UNKNOWN_REVISION,
                "'deadbeef'");
    }

    // ------------------------------------------------------------------ +N and -N

    @Test
    void plusNStepsUpFromTheCurrentHead() {
        assertThat(steps(linear.upgradePath(List.of("l1"), "+2"))).containsExactly("+l2", "+l3");
        assertThat(steps(linear.upgradePath(List.of(), "+1"))).as("from base").containsExactly("+l1");
    }

    @Test
    void plusNPastTheHeadIsAnError() {
        assertFails(() -> linear.upgradePath(List.of("l2"), "+3"), MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                "'+3'", "past the head", "l4 is a head", "2 step(s)");
    }

    @Test
    void plusNAcrossABranchPointIsAnError() {
        assertFails(() -> branches.upgradePath(List.of("a1"), "+2"), MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                "'+2'", "crosses a branch point", "after a2", "b1, c1");
    }

    @Test
    void plusNWithSeveralCurrentHeadsIsAmbiguous() {
        assertFails(() -> branches.upgradePath(List.of("b1", "c1"), "+1"), MigrationErrorCode.MULTIPLE_HEADS,
                "'+1'", "ambiguous", "b1, c1");
    }

    @Test
    void minusNStepsDownFromTheCurrentHead() {
        assertThat(steps(linear.downgradePath(List.of("l4"), "-1"))).containsExactly("-l4");
        assertThat(steps(linear.downgradePath(List.of("l4"), "-3"))).containsExactly("-l4", "-l3", "-l2");
        assertThat(steps(linear.downgradePath(List.of("l4"), "-4"))).as("down to base")
                .containsExactly("-l4", "-l3", "-l2", "-l1");
    }

    @Test
    void minusNPastBaseIsAnError() {
        assertFails(() -> linear.downgradePath(List.of("l4"), "-5"), MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                "'-5'", "past base", "l1 is a base");
        assertFails(() -> linear.downgradePath(List.of("l4"), "-99"), MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                "'-99'", "past base");
        assertFails(() -> linear.downgradePath(List.of(), "-1"), MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                "nothing is applied");
    }

    @Test
    void minusNAcrossAMergeIsAnError() {
        RevisionGraph diamond = graph(rev("a1"), rev("b1", "a1"), rev("c1", "a1"), rev("m1", "b1", "c1"),
                rev("m2", "m1"));
        assertFails(() -> diamond.downgradePath(List.of("m2"), "-2"), MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                "'-2'", "crosses a merge point", "m1 joins b1, c1");
        assertThat(steps(diamond.downgradePath(List.of("m2"), "-1"))).containsExactly("-m2");
    }

    @Test
    void minusNWithSeveralCurrentHeadsIsAmbiguous() {
        assertFails(() -> branches.downgradePath(List.of("b2", "c3"), "-1"), MigrationErrorCode.MULTIPLE_HEADS,
                "'-1'", "b2, c3");
    }

    @Test
    void relativeStepsInTheWrongDirectionPointToTheOtherCommand() {
        var up = assertFails(() -> linear.upgradePath(List.of("l3"), "-1"), MigrationErrorCode.INVALID_TARGET, "steps back");
        assertThat(actions(up)).containsExactly("DOWNGRADE -1");
        var down = assertFails(() -> linear.downgradePath(List.of("l3"), "+1"), MigrationErrorCode.INVALID_TARGET, "steps forward");
        assertThat(actions(down)).containsExactly("UPGRADE +1");
    }

    // ------------------------------------------------------------------ REV+N and REV-N

    @Test
    void revisionPlusNAndMinusN() {
        assertThat(steps(linear.upgradePath(List.of(), "l1+2"))).containsExactly("+l1", "+l2", "+l3");
        assertThat(steps(linear.downgradePath(List.of("l4"), "l4-2"))).containsExactly("-l4", "-l3");
        assertThat(steps(linear.upgradePath(List.of(), "l3-1"))).containsExactly("+l1", "+l2");
        assertThat(steps(hexIds.upgradePath(List.of(), "ae1027+1"))).as("prefixes work as anchors too")
                .containsExactly("+ae1027a6acf", "+ae1099c2b3e1");
    }

    @Test
    void headAndBaseWorkAsAnchors() {
        assertThat(steps(linear.downgradePath(List.of("l4"), "head-1"))).containsExactly("-l4");
        assertThat(steps(linear.upgradePath(List.of(), "base+2"))).containsExactly("+l1", "+l2");
    }

    @Test
    void revisionPlusNPastAHeadIsAnError() {
        assertFails(() -> linear.upgradePath(List.of(), "l3+2"), MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE,
                "'l3+2'", "past the head");
    }

    // ------------------------------------------------------------------ branch labels

    @Test
    void labelAtHeadIsTheHeadOfThatBranch() {
        assertThat(steps(branches.upgradePath(List.of(), "catalog@head")))
                .containsExactly("+a1", "+a2", "+c1", "+c2", "+c3");
        assertThat(steps(branches.upgradePath(List.of("c3"), "billing@head"))).containsExactly("+b1", "+b2");
        assertThat(steps(branches.upgradePath(List.of(), "net@head"))).containsExactly("+n1", "+n2");
    }

    @Test
    void labelAtBaseRemovesThatBranchsLineage() {
        // net has a base of its own: net@base reverts net only.
        assertThat(steps(branches.downgradePath(List.of("b2", "c3", "n2"), "net@base")))
                .containsExactly("-n2", "-n1");
        assertFails(() -> branches.upgradePath(List.of(), "net@base"), MigrationErrorCode.INVALID_TARGET, "'net@base'");
    }

    @Test
    void aBranchTargetThatWouldRevertAnotherBranchIsRefusedNamingBothWays() {
        // catalog shares a1 and a2 with billing: reverting catalog's lineage to its base would revert billing too.
        var e = assertFails(() -> branches.downgradePath(List.of("b2", "c3", "n2"), "catalog@base"),
                MigrationErrorCode.REVERTS_OTHER_BRANCH, "would also revert b1, b2", "grows from a2");
        assertThat(actions(e)).containsExactly("DOWNGRADE catalog@a2", "DOWNGRADE base");
        assertFails(() -> branches.downgradePath(List.of("b2", "c3"), "catalog@-4"), MigrationErrorCode.REVERTS_OTHER_BRANCH,
                "b1, b2");
        // With only billing applied, catalog's position is a2, and one step down reverts billing's base too.
        assertFails(() -> branches.downgradePath(List.of("b2"), "catalog@-1"), MigrationErrorCode.REVERTS_OTHER_BRANCH,
                "b1, b2");
        // What the hint offers reverts catalog's own revisions only.
        assertThat(steps(branches.downgradePath(List.of("b2", "c3", "n2"), "catalog@a2")))
                .containsExactly("-c3", "-c2", "-c1");
        // Without billing applied, catalog@base reverts the whole lineage.
        assertThat(steps(branches.downgradePath(List.of("c3"), "catalog@base")))
                .containsExactly("-c3", "-c2", "-c1", "-a2", "-a1");
    }

    /** Alembic: "Nothing to drop". A downgrade that would do nothing while its target is not a head is refused. */
    @Test
    void aDowngradeWithNothingToRevertIsRefusedUnlessTheTargetIsAHead() {
        assertFails(() -> branches.downgradePath(List.of("b2"), "catalog@a2"), MigrationErrorCode.NOT_APPLIED,
                "nothing after it on branch catalog is applied", "current heads: b2");
        RevisionGraph dependent = graph(rev("x1"), rev("x2", "x1"), rev("y1").dependsOn("x1"));
        assertFails(() -> dependent.downgradePath(List.of("y1"), "x1"), MigrationErrorCode.NOT_APPLIED, "nothing after it");
        assertThat(dependent.downgradePath(List.of("y1", "x2"), "x2")).isEmpty();
    }

    @Test
    void aBareLabelNamesTheRevisionThatDeclaresIt() {
        assertThat(steps(branches.upgradePath(List.of(), "catalog"))).containsExactly("+a1", "+a2", "+c1");
        assertThat(steps(branches.upgradePath(List.of(), "catalog+1"))).containsExactly("+a1", "+a2", "+c1", "+c2");
        assertThat(steps(branches.downgradePath(List.of("c3"), "catalog"))).containsExactly("-c3", "-c2");
    }

    @Test
    void theHintOffersTheForkOnlyWhenTheBranchHasRevisionsOfItsOwnApplied() {
        // Only billing is applied: catalog@base must not suggest catalog@a2, which would revert nothing.
        var e = assertFails(() -> branches.downgradePath(List.of("b2"), "catalog@base"), MigrationErrorCode.REVERTS_OTHER_BRANCH,
                "would also revert b1, b2");
        assertThat(actions(e)).containsExactly("DOWNGRADE base");
    }

    @Test
    void stampNamesRevisionsNotStepsFromTheCurrentHeads() {
        assertFails(() -> linear.stamp(List.of("l2"), List.of("+1")), MigrationErrorCode.INVALID_TARGET, "stamp names revisions");
        assertFails(() -> linear.stamp(List.of("l2"), List.of("-1")), MigrationErrorCode.INVALID_TARGET, "stamp names revisions");
        assertThat(ids(linear.stamp(List.of("l3"), List.of("l3-1")).heads())).containsExactly("l2");
    }

    @Test
    void labelAtHeadsIsEveryHeadOfTheLineage() {
        RevisionGraph forked = graph(rev("r1").branchLabels("core"), rev("x1", "r1"), rev("y1", "r1"), rev("o1"));
        assertThat(ids(forked.resolve("core@heads", List.of()))).containsExactly("x1", "y1");
        assertFails(() -> forked.upgradePath(List.of(), "core@head"), MigrationErrorCode.MULTIPLE_HEADS, "branch core",
                "x1, y1");
        assertFails(() -> forked.downgradePath(List.of("x1"), "core@heads"), MigrationErrorCode.INVALID_TARGET, "not a downgrade");
    }

    @Test
    void aRevisionStandsWhereALabelGoes() {
        assertThat(steps(branches.downgradePath(List.of("b2", "c3"), "c2@a2"))).containsExactly("-c3", "-c2", "-c1");
        assertThat(steps(branches.upgradePath(List.of("b2"), "c1@head"))).containsExactly("+c1", "+c2", "+c3");
        assertFails(() -> branches.upgradePath(List.of(), "zzzz@head"), MigrationErrorCode.UNKNOWN_BRANCH,
                "no branch labelled 'zzzz' and no revision 'zzzz'");
    }

    @Test
    void labelAtPlusNStepsAlongThatBranch() {
        assertThat(steps(branches.upgradePath(List.of("b2"), "catalog@+1"))).containsExactly("+c1");
        assertThat(steps(branches.upgradePath(List.of("b2", "c1"), "catalog@+2"))).containsExactly("+c2", "+c3");
        assertThat(steps(branches.upgradePath(List.of("b2", "c3"), "net@+1"))).containsExactly("+n1");
        assertFails(() -> branches.upgradePath(List.of("b2", "c2"), "catalog@+2"),
                MigrationErrorCode.RELATIVE_STEP_OUT_OF_RANGE, "past the head", "c3");
    }

    @Test
    void labelAtMinusNStepsDownThatBranch() {
        assertThat(steps(branches.downgradePath(List.of("b2", "c3"), "catalog@-1"))).containsExactly("-c3");
        assertThat(steps(branches.downgradePath(List.of("b2", "c3", "n2"), "net@-2"))).containsExactly("-n2", "-n1");
    }

    @Test
    void unknownLabelListsTheKnownOnes() {
        assertFails(() -> branches.upgradePath(List.of(), "shop@head"), MigrationErrorCode.UNKNOWN_BRANCH,
                "'shop'", "billing, catalog, net");
    }

    // ------------------------------------------------------------------ downgrade specifics and input checks

    @Test
    void downgradeToARevisionThatIsNotAppliedIsRefused() {
        assertFails(() -> linear.downgradePath(List.of("l2"), "l3"), MigrationErrorCode.NOT_APPLIED,
                "l3", "not applied", "current heads: l2");
        assertFails(() -> branches.downgradePath(List.of("b2"), "c1"), MigrationErrorCode.NOT_APPLIED, "c1");
    }

    @Test
    void downgradeToTheCurrentHeadIsNothingToDo() {
        assertThat(linear.downgradePath(List.of("l4"), "l4")).isEmpty();
    }

    @Test
    void upgradeToAnAppliedRevisionIsNothingToDo() {
        assertThat(linear.upgradePath(List.of("l4"), "l2")).isEmpty();
    }

    @Test
    void headsIsNoDowngradeTarget() {
        assertFails(() -> linear.downgradePath(List.of("l4"), "heads"), MigrationErrorCode.INVALID_TARGET, "'heads'");
    }

    @Test
    void aShortPrefixMatchingNothingIsUnknown() {
        assertFails(() -> linear.upgradePath(List.of(), "zz"), MigrationErrorCode.UNKNOWN_REVISION, "'zz'");
    }

    @Test
    void aCurrentHeadTheFilesDoNotDefineIsReported() {
        assertFails(() -> linear.upgradePath(List.of("gone42"), "head"), MigrationErrorCode.UNKNOWN_APPLIED_REVISION,
                "'gone42'", "none of the migration files");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "@head", "+0", "-0", "heads+1", "net@heads+1", "a b", "l1+x", "l1++1",
            "+99999999999", "-2147483648", "l1-2147483648", "+1000001"})
    void malformedTargetsAreRefused(String text) {
        assertFails(() -> linear.upgradePath(List.of(), text), MigrationErrorCode.INVALID_TARGET, "invalid target");
    }
}
