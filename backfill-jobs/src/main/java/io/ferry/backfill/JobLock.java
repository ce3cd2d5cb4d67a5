package io.ferry.backfill;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.LockHolder;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.lock.AdvisoryLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One backfill job's lock: the core's {@link AdvisoryLock} on a key of the job's own. It is taken
 * without waiting: a second run of a job that is running is an operator's mistake to report at once, not
 * a queue to join. A killed run's session ends and takes the lock with it, so the next run can tell a
 * dead run from a live one.
 */
final class JobLock implements AutoCloseable {

    private final AdvisoryLock lock;
    private final String job;

    private JobLock(AdvisoryLock lock, String job) {
        this.lock = lock;
        this.job = job;
    }

    /** The advisory lock key of a job whose runs are recorded in {@code schema}. */
    static long key(String schema, String job) {
        return AdvisoryLock.key("ferry:backfill:" + schema + ":" + job);
    }

    /**
     * Takes the job's lock, or fails at once naming the session that holds it.
     *
     * @throws FerryException {@link BackfillErrorCode#BACKFILL_RUNNING} when another session holds it
     */
    static JobLock acquire(DataSource dataSource, String schema, String job) {
        AdvisoryLock lock = AdvisoryLock.acquire(dataSource, "the lock of backfill '" + job + "'",
                List.of(key(schema, job)), Duration.ZERO, holder -> new FerryException(BackfillErrorCode.BACKFILL_RUNNING,
                        "backfill '" + job + "' is already running" + holder.map(h -> " in " + h.describe()).orElse(""),
                        Remedy.of("wait for it to finish (", BackfillRemedy.SHOW_STATUS, " shows its progress), or stop"
                                + " it with Ctrl-C or SIGTERM in its terminal; it pauses after its current batch")));
        return new JobLock(lock, job);
    }

    /** Who holds a job's lock now, read without taking it. */
    static Optional<LockHolder> holder(Connection c, String schema, String job) throws SQLException {
        return AdvisoryLock.holder(c, List.of(key(schema, job)));
    }

    /**
     * A condition, true while the lock's session still holds the lock, for a statement on another
     * connection: the batch's checkpoint carries it, so a run whose lock is gone cannot move the
     * checkpoint that a newer run now owns.
     */
    String heldCondition() {
        return lock.heldCondition();
    }

    /** True while this session holds the lock; false when the session or the lock is gone. */
    boolean held() {
        return lock.held();
    }

    /** The error of a run whose lock is gone. */
    FerryException lost() {
        return new FerryException(BackfillErrorCode.BACKFILL_LOCK_LOST,
                "lost the lock of backfill '" + job + "' (its session ended or was terminated); stopped before"
                        + " the next batch", Remedy.of("check with ", BackfillRemedy.SHOW_STATUS, " that no other run is"
                + " going, then run the job again: it resumes from its checkpoint"));
    }

    @Override
    public void close() {
        lock.close();
    }
}
