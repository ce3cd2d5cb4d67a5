package io.ferry.migration.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import io.ferry.migration.testing.UpgradeMain;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL in the middle of a transactional revision: nothing half-applied, no lock left behind. */
class KilledProcessTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void aKilledRunLeavesThePreviousRevisionAndAFreeLock(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("k1", "base", "CREATE TABLE pause (seconds int);\nINSERT INTO pause VALUES (30);", null);
        p.revision("k2", "k1", "CREATE TABLE half_done (id int);\nSELECT pg_sleep((SELECT seconds FROM pause));", null);
        Ferry ferry = p.ferry(db);
        ferry.upgrade("k1");

        Process process = UpgradeMain.process(db, dir).redirectErrorStream(true).start();
        try {
            Await.until("the revision to be sleeping", () -> count("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'") == 1);
            process.destroyForcibly(); // SIGKILL
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        Await.until("the lock to be free", () -> count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                + "(SELECT oid FROM pg_database WHERE datname = current_database())") == 0);
        assertThat(db.column("SELECT pg_try_advisory_lock(" + MigrationLock.key("public") + ")")).containsExactly("t");
        // The server notices the dead client within client_connection_check_interval and rolls back.
        Await.until("the killed statement to end", () -> count("SELECT count(*) FROM pg_stat_activity"
                + " WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'") == 0);
        assertThat(db.column("SELECT to_regclass('half_done') IS NULL")).containsExactly("t");
        assertThat(ferry.current()).containsExactly("k1");

        db.execute("UPDATE pause SET seconds = 0");
        assertThat(ferry.upgrade("head").steps()).extracting(s -> s.revision()).containsExactly("k2");
        assertThat(ferry.current()).containsExactly("k2");
    }

    private static int count(String sql) throws Exception {
        return Integer.parseInt(db.column(sql).get(0));
    }
}
