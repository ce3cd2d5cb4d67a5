package io.ferry.migration.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the held condition of an advisory lock tells another session, and what it leaves behind. */
class AdvisoryLockTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final List<Long> KEYS = List.of(AdvisoryLock.key("advisory-lock-test"), 4242L);

    private static AdvisoryLock take() {
        return AdvisoryLock.acquire(db.dataSource(), "the test lock", KEYS, Duration.ZERO,
                holder -> new FerryException(MigrationErrorCode.LOCK_NOT_ACQUIRED, "held", "wait"));
    }

    @Test
    void anotherSessionSeesTheLockHeldUntilItIsReleased() throws Exception {
        try (Connection other = db.connect()) {
            AdvisoryLock lock = take();
            try (lock) {
                assertThat(holds(other, lock)).isTrue();
                assertThat(holds(other, lock)).as("asking twice changes nothing").isTrue();
                assertThat(lock.held()).isTrue();
            }
            assertThat(holds(other, lock)).isFalse();
        }
    }

    @Test
    void aLockWhoseSessionEndedIsNotHeldEvenWhenAnotherRunHasTakenItsKeys() throws Exception {
        AdvisoryLock first = take();
        try (Connection other = db.connect()) {
            db.execute("SELECT pg_terminate_backend(" + first.pid() + ")");
            Await.until("the lock's session to end", () -> db.column("SELECT count(*) FROM pg_stat_activity WHERE pid = "
                    + first.pid()).equals(List.of("0")));
            try (AdvisoryLock second = take()) {
                assertThat(second.pid()).isNotEqualTo(first.pid());
                assertThat(holds(other, first)).as("the first run's lock").isFalse();
                assertThat(first.held()).isFalse();
                assertThat(holds(other, second)).as("the second run's lock").isTrue();
            }
        } finally {
            first.close();
        }
    }

    /**
     * In the work's transaction: a check that finds the lock held takes nothing; one that finds it gone holds the
     * witness, shared, until the transaction ends, and no longer.
     */
    @Test
    void theWorkInATransactionReadsTheLockAtEachCheck() throws Exception {
        try (Connection work = db.connect()) {
            work.setAutoCommit(false);
            AdvisoryLock lock = take();
            try (lock) {
                assertThat(holds(work, lock)).isTrue();
                assertThat(locksOf(work)).as("a check that finds the lock held").isZero();
            }
            assertThat(holds(work, lock)).as("released while the transaction was open").isFalse();
            assertThat(locksOf(work)).as("a check that finds it gone").isEqualTo(1);
            work.rollback();
            assertThat(locksOf(work)).as("after the transaction").isZero();
        }
    }

    @Test
    void twoLocksOnDifferentKeysHaveWitnessesOfTheirOwn() throws Exception {
        try (AdvisoryLock a = take(); Connection other = db.connect()) {
            AdvisoryLock b = AdvisoryLock.acquire(db.dataSource(), "another lock", List.of(77L), Duration.ZERO,
                    holder -> new FerryException(MigrationErrorCode.LOCK_NOT_ACQUIRED, "held", "wait"));
            try (b) {
                assertThat(a.heldCondition()).isNotEqualTo(b.heldCondition());
                assertThat(holds(other, b)).isTrue();
            }
            assertThat(holds(other, a)).isTrue();
            assertThat(holds(other, b)).isFalse();
        }
    }

    private static boolean holds(Connection c, AdvisoryLock lock) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + lock.heldCondition())) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static int locksOf(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
