package io.ferry.migration.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.Gate;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import io.ferry.migration.testing.UpgradeMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight runs of {@code upgrade head} at once: every revision runs exactly once, and all eight succeed.
 * The runs are made to overlap: revision e2 waits at a gate (an advisory lock the test holds) until the
 * seven other runs have reported waiting for the migration lock that the run at the gate holds.
 */
class ConcurrentUpgradeTest {

    private static final int RUNS = 8;
    private static final int REVISIONS = 5;

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private Project project;

    @BeforeEach
    void project() throws Exception {
        db.reset();
        project = new Project(dir);
        project.revision("e1", "base", "CREATE TABLE effects (revision text, at timestamptz DEFAULT clock_timestamp());"
                + "\nINSERT INTO effects (revision) VALUES ('e1');", null);
        project.revision("e2", "e1", Gate.PASS + "\nINSERT INTO effects (revision) VALUES ('e2');", null);
        for (int i = 3; i <= REVISIONS; i++) {
            project.revision("e" + i, "e" + (i - 1), "INSERT INTO effects (revision) VALUES ('e" + i + "');", null);
        }
    }

    private void assertEachRevisionRanOnce() throws Exception {
        assertThat(db.column("SELECT revision FROM effects ORDER BY at")).containsExactly("e1", "e2", "e3", "e4", "e5");
        assertThat(db.column("SELECT revision || ':' || count(*) FROM ferry_history WHERE action = 'upgrade'"
                + " GROUP BY revision ORDER BY revision")).containsExactly("e1:1", "e2:1", "e3:1", "e4:1", "e5:1");
        assertThat(db.column("SELECT count(*) FROM ferry_history WHERE NOT success")).containsExactly("0");
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("e5");
    }

    @Test
    void eightThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RUNS);
        List<List<MigrationEvent.LockWaiting>> waits = new ArrayList<>();
        try (Gate gate = Gate.closed(db)) {
            List<Future<MigrationResult>> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                List<MigrationEvent.LockWaiting> waited = new CopyOnWriteArrayList<>();
                waits.add(waited);
                Ferry ferry = project.configure(db).listener(e -> {
                    if (e instanceof MigrationEvent.LockWaiting w) {
                        waited.add(w);
                    }
                }).load();
                runs.add(pool.submit(() -> ferry.upgrade("head")));
            }
            Await.until("a run waiting at the gate", gate::waitedAt);
            Await.until("the seven other runs waiting for the migration lock",
                    () -> waits.stream().filter(w -> !w.isEmpty()).count() == RUNS - 1);
            gate.open();

            List<Integer> applied = new ArrayList<>();
            for (Future<MigrationResult> run : runs) {
                MigrationResult result = run.get(3, TimeUnit.MINUTES);
                assertThat(result.headsAfter()).containsExactly("e5");
                applied.add(result.steps().size());
            }
            for (int i = 0; i < RUNS; i++) {
                assertThat(waits.get(i).isEmpty()).as("run %d applied %d revisions and waited %s", i, applied.get(i),
                        waits.get(i)).isEqualTo(applied.get(i) == REVISIONS);
            }
            assertThat(applied).as("revisions run by each of the eight").containsOnly(0, REVISIONS)
                    .containsOnlyOnce(REVISIONS);
            // Each run's first report, made while the run at the gate held the lock: a run still waiting 5 s
            // later reports again, and may then name whichever run took the lock after the gate opened.
            assertThat(waits.stream().filter(w -> !w.isEmpty()).map(w -> w.get(0).holder().orElseThrow().pid())
                    .distinct()).as("every waiting run named the one lock session of the run at the gate").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertEachRevisionRanOnce();
    }

    @Test
    void eightProcesses() throws Exception {
        List<UpgradeMain.Running> processes = new ArrayList<>();
        try (Gate gate = Gate.closed(db)) {
            for (int i = 0; i < RUNS; i++) {
                processes.add(UpgradeMain.start(db, dir, false));
            }
            Await.until("a process waiting at the gate", gate::waitedAt);
            Await.until("the seven other processes waiting for the migration lock",
                    () -> processes.stream().filter(p -> p.printed(UpgradeMain.WAITING)).count() == RUNS - 1);
            gate.open();
        } catch (Exception | AssertionError e) {
            processes.forEach(p -> p.process().destroyForcibly());
            throw e;
        }
        int total = 0;
        for (UpgradeMain.Running process : processes) {
            int ran = process.ran();
            assertThat(process.printed(UpgradeMain.WAITING)).as(process.output()).isEqualTo(ran == 0);
            assertThat(ran).as(process.output()).isIn(0, REVISIONS);
            total += ran;
        }
        assertThat(total).as("revisions run, summed over all eight processes").isEqualTo(REVISIONS);
        assertEachRevisionRanOnce();
    }
}
