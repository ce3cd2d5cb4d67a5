package io.ferry.migration.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import io.ferry.migration.testing.UpgradeMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Eight runs of {@code upgrade head} at once: every revision runs exactly once, and all eight succeed. */
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
        for (int i = 2; i <= REVISIONS; i++) {
            // The sleep widens the window in which the runs overlap.
            project.revision("e" + i, "e" + (i - 1), "SELECT pg_sleep(0.1);\nINSERT INTO effects (revision) VALUES ('e"
                    + i + "');", null);
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
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<MigrationResult>> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                Ferry ferry = project.ferry(db);
                runs.add(pool.submit(() -> {
                    go.await();
                    return ferry.upgrade("head");
                }));
            }
            go.countDown();
            int applied = 0;
            for (Future<MigrationResult> run : runs) {
                MigrationResult result = run.get(120, TimeUnit.SECONDS);
                assertThat(result.headsAfter()).containsExactly("e5");
                applied += result.steps().size();
            }
            assertThat(applied).as("revisions run, summed over all eight").isEqualTo(REVISIONS);
        } finally {
            pool.shutdownNow();
        }
        assertEachRevisionRanOnce();
    }

    @Test
    void eightProcesses() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            processes.add(UpgradeMain.process(db, dir).redirectErrorStream(true).start());
        }
        int applied = 0;
        for (Process process : processes) {
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("process finished").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            applied += Integer.parseInt(output.lines().filter(l -> l.startsWith("ran ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no result line in: " + output)).substring(4).trim());
        }
        assertThat(applied).as("revisions run, summed over all eight processes").isEqualTo(REVISIONS);
        assertEachRevisionRanOnce();
    }
}
