package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import io.ferry.migration.testing.UpgradeMain;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
            var refused = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.LOCK_NOT_ACQUIRED,
                    "did not release it within 700ms", "pid " + pid, "deploy-42");
            // The way out names the real session, and says why it looks idle.
            assertThat(refused.hint()).contains("SELECT pg_terminate_backend(" + pid + ")", "looks idle");
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
    void aRunThatLosesItsLockKeepsNothingOfTheNextRevision() throws Exception {
        Project p = new Project(dir);
        p.revision("m1", "base", "CREATE TABLE big (id int);", null);
        p.revision("m2", "m1", "ALTER TABLE big ADD COLUMN note text;", null);
        Ferry ferry = p.configure(db).listener(event -> endTheLockSessionAfter("m1", event)).load();
        assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.LOCK_LOST, "lost the migration lock",
                "stopped at m2, whose transaction was rolled back");
        assertThat(ferry.current()).containsExactly("m1");
        assertThat(db.column("SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
                .containsExactly("0");
    }

    /**
     * Ends the session that holds the migration lock once {@code revision} is applied, and waits until it
     * has ended ({@code pg_terminate_backend} only signals it), so that the next revision finds it gone.
     */
    private void endTheLockSessionAfter(String revision, MigrationEvent event) {
        if (event instanceof MigrationEvent.RevisionApplied applied && applied.revision().equals(revision)) {
            String advisoryLocks = " FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
            try {
                db.execute("SELECT pg_terminate_backend(pid)" + advisoryLocks);
                Await.until("the lock's session to end",
                        () -> db.column("SELECT count(*)" + advisoryLocks).equals(List.of("0")));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A merge moves two heads, which its record cannot do in one statement: the lock is checked apart, as strictly. */
    @Test
    void aRunThatLosesItsLockKeepsNothingOfTheMergeItRuns() throws Exception {
        Project p = new Project(dir);
        p.revision("j1", "base", "CREATE TABLE left_side (id int);", null);
        p.revision("j2", "base", "CREATE TABLE right_side (id int);", null);
        p.revision("j3", "j1 j2", "CREATE TABLE joined (id int);", null);
        List<String> events = new CopyOnWriteArrayList<>();
        Ferry ferry = p.configure(db).listener(event -> {
            if (event instanceof MigrationEvent.RevisionFailed failed) {
                events.add("failed " + failed.revision());
            }
            endTheLockSessionAfter("j2", event);
        }).load();
        assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.LOCK_LOST, "lost the migration lock",
                "stopped at j3, whose transaction was rolled back");
        assertThat(ferry.current()).containsExactlyInAnyOrder("j1", "j2");
        assertThat(db.column("SELECT to_regclass('joined') IS NULL")).containsExactly("t");
        assertThat(events).as("the listeners hear of the failure").containsExactly("failed j3");
        assertThat(db.column("SELECT success || ' ' || error FROM ferry_history WHERE revision = 'j3'"))
                .singleElement().asString().startsWith("false lost the migration lock");
    }

    /**
     * Flyway's lock makes a {@code CREATE INDEX CONCURRENTLY} migration hang while a second Flyway waits
     * for the lock. Ferry's lock is held and waited for outside any transaction, so the index builds
     * while the second process waits: had the build waited for that process, it could only have ended
     * after the process gave up on the lock and exited.
     */
    @Test
    void aConcurrentIndexDoesNotWaitForAFerryProcessWaitingForTheLock() throws Exception {
        Project p = new Project(dir);
        p.revision("i1", "base", "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS name FROM generate_series(1, 200000) g;",
                null);
        p.revision("i2", "i1", "-- ferry:transactional false\n", "CREATE INDEX CONCURRENTLY big_name ON big (name);",
                null);
        UpgradeMain.Running[] second = new UpgradeMain.Running[1];
        boolean[] stillWaitingWhenIndexed = new boolean[1];
        Ferry ferry = p.configure(db).listener(event -> {
            if (event instanceof MigrationEvent.RevisionStarted started && started.revision().equals("i2")) {
                second[0] = startSecondProcessAndWaitUntilItWaitsForTheLock();
            }
            if (event instanceof MigrationEvent.RevisionApplied applied && applied.revision().equals("i2")) {
                stillWaitingWhenIndexed[0] = second[0].process().isAlive() && !second[0].printed("ran ");
            }
        }).load();

        try {
            ferry.upgrade("head");
        } catch (RuntimeException | AssertionError e) {
            if (second[0] != null) {
                second[0].process().destroyForcibly();
            }
            throw e;
        }

        assertThat(second[0]).as("a second process that waited for the lock").isNotNull();
        assertThat(stillWaitingWhenIndexed[0]).as("the second process was still waiting for the lock when the"
                + " index was built").isTrue();
        assertThat(db.column("SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_name'::regclass"))
                .containsExactly("t");
        assertThat(second[0].ran()).as("revisions the second process ran once it had the lock").isZero();
    }

    private UpgradeMain.Running startSecondProcessAndWaitUntilItWaitsForTheLock() {
        try {
            UpgradeMain.Running process = UpgradeMain.start(db, dir, false);
            process.awaitPrinted(UpgradeMain.WAITING);
            return process;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
