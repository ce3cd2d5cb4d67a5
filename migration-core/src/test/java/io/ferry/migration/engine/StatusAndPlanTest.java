package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.Status;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StatusAndPlanTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private Ferry ferry;

    @BeforeEach
    void project() throws Exception {
        db.reset();
        Project p = new Project(dir);
        p.revision("p1", "base", "CREATE TABLE p1 (id int);\nINSERT INTO p1 VALUES (1);", "DROP TABLE p1;");
        p.revision("p2", "p1", "CREATE TABLE p2 (id int);", null);
        ferry = p.ferry(db);
    }

    @Test
    void aPlanShowsTheStepsAndTouchesNothing() throws Exception {
        Plan plan = ferry.planUpgrade("head");
        assertThat(plan.direction()).isEqualTo(Direction.UPGRADE);
        assertThat(plan.headsBefore()).isEmpty();
        assertThat(plan.steps()).extracting(s -> s.revision().id()).containsExactly("p1", "p2");
        assertThat(plan.steps().get(0).statements()).extracting(SqlStatement::sql)
                .containsExactly("CREATE TABLE p1 (id int)", "INSERT INTO p1 VALUES (1)");
        assertThat(plan.steps().get(0).headsAfter()).containsExactly("p1");
        assertThat(plan.headsAfter()).containsExactly("p2");
        assertThat(db.column("SELECT to_regclass('ferry_version') IS NULL")).containsExactly("t");
        assertThat(db.column("SELECT to_regclass('p1') IS NULL")).containsExactly("t");
    }

    @Test
    void aDowngradeThroughARevisionWithoutDownSectionIsRefusedBeforeAnythingRuns() throws Exception {
        ferry.upgrade("head");
        assertFails(() -> ferry.downgrade("base"), MigrationErrorCode.IRREVERSIBLE_REVISION, "p2", "no down section");
        assertThat(ferry.current()).containsExactly("p2");
        assertThat(db.column("SELECT to_regclass('p2') IS NOT NULL")).containsExactly("t");
    }

    @Test
    void statusOfAFreshDatabase() {
        Status status = ferry.status();
        assertThat(status.initialised()).isFalse();
        assertThat(status.currentHeads()).isEmpty();
        assertThat(status.targetHeads()).containsExactly("p2");
        assertThat(status.pending()).containsExactly("p1", "p2");
        assertThat(status.upToDate()).isFalse();
        assertThat(status.lastFailure()).isEmpty();
        assertThat(status.lockHolder()).isEmpty();
    }

    @Test
    void statusAfterPartOfTheWay() throws Exception {
        ferry.upgrade("p1");
        Status status = ferry.status();
        assertThat(status.initialised()).isTrue();
        assertThat(status.currentHeads()).containsExactly("p1");
        assertThat(status.pending()).containsExactly("p2");
        ferry.upgrade("head");
        assertThat(ferry.status().upToDate()).isTrue();
        db.execute("INSERT INTO ferry_version VALUES ('stray1')");
        assertThat(ferry.status().unknown()).containsExactly("stray1");
        assertThat(ferry.status().upToDate()).isFalse();
    }
}
