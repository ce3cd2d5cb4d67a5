package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Catalog;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Branch targets against a real database: each downgrade that names a branch moves that branch (its
 * tables go, the other branch's stay, {@code ferry_version} follows) or is refused without touching
 * anything. This is the shape of Alembic's BranchedPathTest.
 *
 * <pre>
 *              c1 - d1   (c1branch)
 *             /
 *    a  -  b
 *             \
 *              c2 - d2   (c2branch)
 * </pre>
 */
class BranchTargetsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private Ferry ferry;

    @BeforeEach
    void project() throws Exception {
        db.reset();
        Project p = new Project(dir);
        for (String[] r : new String[][] {{"a", "base", ""}, {"b", "a", ""}, {"c1", "b", "c1branch"}, {"d1", "c1", ""},
                {"c2", "b", "c2branch"}, {"d2", "c2", ""}}) {
            String labels = r[2].isEmpty() ? "" : "-- ferry:branch-labels " + r[2] + "\n";
            p.revision(r[0], r[1], labels, "CREATE TABLE t_" + r[0] + " (id int);", "DROP TABLE t_" + r[0] + ";");
        }
        ferry = p.ferry(db);
        ferry.upgrade("heads");
    }

    private List<String> tables() throws Exception {
        return db.column("SELECT tablename FROM pg_tables WHERE tablename LIKE 't\\_%' ORDER BY 1");
    }

    @Test
    void aLabelledRelativeDowngradeCountsOverTheSharedLineageAndMovesTheBranch() throws Exception {
        MigrationResult down = ferry.downgrade("c2branch@base+2");
        assertThat(down.steps()).extracting(s -> s.revision()).containsExactly("d2", "c2");
        assertThat(tables()).containsExactly("t_a", "t_b", "t_c1", "t_d1");
        assertThat(ferry.current()).containsExactly("d1");

        ferry.upgrade("c2branch@+1");
        assertThat(tables()).contains("t_c2").doesNotContain("t_d2");
        assertThat(ferry.current()).containsExactlyInAnyOrder("d1", "c2");
    }

    @Test
    void aRevisionNamesTheBranchAndABranchTargetBelowTheBranchPointIsAccepted() throws Exception {
        ferry.downgrade("d1@b");
        assertThat(tables()).containsExactly("t_a", "t_b", "t_c2", "t_d2");
        ferry.upgrade("heads");
        ferry.downgrade("c1branch@-1");
        assertThat(ferry.current()).containsExactlyInAnyOrder("c1", "d2");
    }

    @Test
    void aBranchDowngradeThatWouldRevertTheOtherBranchChangesNothing() throws Exception {
        List<String> before = Catalog.snapshot(db);
        int historyRows = ferry.history().size();
        assertFails(() -> ferry.downgrade("c2branch@base"), MigrationErrorCode.REVERTS_OTHER_BRANCH, "c1, d1");
        assertFails(() -> ferry.downgrade("c2branch@-3"), MigrationErrorCode.REVERTS_OTHER_BRANCH, "c1, d1");
        assertThat(Catalog.snapshot(db)).isEqualTo(before);
        assertThat(ferry.current()).containsExactlyInAnyOrder("d1", "d2");
        assertThat(ferry.history()).hasSize(historyRows);
    }

    @Test
    void stampingALabelledBaseForgetsThatBranchOnly() throws Exception {
        ferry.stamp(List.of("c1branch@base"), false);
        assertThat(ferry.current()).containsExactly("d2");
        assertThat(tables()).as("stamp runs nothing").hasSize(6);
    }
}
