package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.ErrorCode;
import io.ferry.migration.Ferry;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import io.ferry.migration.testing.UpgradeMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MigrationLockTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @BeforeEach
    void clean() throws Exception {
        db.reset();
    }

    @Test
    void givingUpOnTheLockNamesItsHolderAndChangesNothing() throws Exception {
        Project p = new Project(dir);
        p.revision("l1", "base", "CREATE TABLE big (id int);", null);
        List<MigrationEvent> events = new CopyOnWriteArrayList<>();
        Ferry ferry = p.configure(db).lockWait(Duration.ofMillis(700)).listener(events::add).load();
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'deploy-42'");
            s.execute("SELECT pg_advisory_lock(" + MigrationLock.key("public") + ")");
            int pid;
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            assertFails(() -> ferry.upgrade("head"), ErrorCode.LOCK_NOT_ACQUIRED,
                    "did not release it within 700ms", "pid " + pid, "deploy-42");
            assertThat(events).filteredOn(e -> e instanceof MigrationEvent.LockWaiting).isNotEmpty()
                    .allSatisfy(e -> assertThat(((MigrationEvent.LockWaiting) e).holder())
                            .hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(pid)));
            assertThat(ferry.status().lockHolder()).hasValueSatisfying(h -> assertThat(h.applicationName())
                    .isEqualTo("deploy-42"));
        }
        assertThat(db.column("SELECT to_regclass('ferry_version') IS NULL")).containsExactly("t");
        ferry.upgrade("head");
        assertThat(ferry.current()).containsExactly("l1");
        assertThat(ferry.status().lockHolder()).isEmpty();
    }

    @Test
    void aRunThatLosesItsLockStopsBeforeTheNextRevision() throws Exception {
        Project p = new Project(dir);
        p.revision("m1", "base", "CREATE TABLE big (id int);", null);
        p.revision("m2", "m1", "ALTER TABLE big ADD COLUMN note text;", null);
        Ferry ferry = p.configure(db).listener(event -> {
            if (event instanceof MigrationEvent.RevisionApplied applied && applied.revision().equals("m1")) {
                try {
                    db.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
                } catch (java.sql.SQLException e) {
                    throw new AssertionError(e);
                }
            }
        }).load();
        assertFails(() -> ferry.upgrade("head"), ErrorCode.LOCK_LOST, "lost the migration lock", "before m2");
        assertThat(ferry.current()).containsExactly("m1");
        assertThat(db.column("SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
                .containsExactly("0");
    }

    /**
     * Flyway's lock makes a {@code CREATE INDEX CONCURRENTLY} migration hang while a second Flyway waits
     * for the lock. Ferry's lock is held and waited for outside any transaction, so the index builds in
     * its own time while the second process waits.
     */
    @Test
    void aConcurrentIndexDoesNotWaitForAFerryProcessWaitingForTheLock() throws Exception {
        Project p = new Project(dir);
        p.revision("i1", "base", "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS name FROM generate_series(1, 200000) g;",
                null);
        p.revision("i2", "i1", "-- ferry:transactional false\n", "CREATE INDEX CONCURRENTLY big_name ON big (name);",
                null);
        Process[] waiting = new Process[1];
        List<MigrationEvent> events = new CopyOnWriteArrayList<>();
        Ferry ferry = p.configure(db).listener(events::add).listener(event -> {
            if (event instanceof MigrationEvent.RevisionStarted started && started.revision().equals("i2")) {
                waiting[0] = startSecondProcessAndWaitUntilItPollsTheLock();
            }
        }).load();

        ferry.upgrade("head");

        MigrationEvent.RevisionApplied index = events.stream()
                .filter(e -> e instanceof MigrationEvent.RevisionApplied a && a.revision().equals("i2"))
                .map(MigrationEvent.RevisionApplied.class::cast).findFirst().orElseThrow();
        assertThat(index.took()).as("the index took its own time, not the other process's lock wait")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(db.column("SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_name'::regclass"))
                .containsExactly("t");
        Process second = waiting[0];
        assertThat(second).isNotNull();
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.exitValue()).as(output).isZero();
        assertThat(output).contains("ran 0");
    }

    private Process startSecondProcessAndWaitUntilItPollsTheLock() {
        try {
            Process process = UpgradeMain.process(db, dir).redirectErrorStream(true).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Our run has two sessions (lock and work); the second process adds a third, which polls
            // for the lock: its last query is the attempt or the one that names the holder.
            while (!secondProcessPolls()) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("the second process never waited for the lock");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            return process;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private boolean secondProcessPolls() throws Exception {
        return db.column("SELECT count(*) >= 3 AND count(*) FILTER (WHERE query LIKE 'SELECT pg_try_advisory_lock%'"
                + " OR query LIKE 'SELECT a.pid%pg_locks%') >= 1 FROM pg_stat_activity"
                + " WHERE datname = current_database() AND application_name = 'ferry'").get(0).equals("t");
    }
}
