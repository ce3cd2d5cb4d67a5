package io.ferry.migration.lock;

import io.ferry.migration.api.Durations;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.LockHolder;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.event.EventPublisher;
import io.ferry.migration.event.MigrationEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The migration lock: an {@link AdvisoryLock} that every run which changes the database holds from start
 * to end, waiting a bounded time for it and telling the listeners while it waits.
 *
 * <p>The key is derived from the schema-qualified name of the history table, so projects that keep
 * their history in different schemas of one database do not block each other.
 */
public final class MigrationLock implements AutoCloseable {

    private final AdvisoryLock lock;

    private MigrationLock(AdvisoryLock lock) {
        this.lock = lock;
    }

    /** The advisory lock key for a history table in {@code schema}. */
    public static long key(String schema) {
        return AdvisoryLock.key("ferry:" + schema + ".ferry_history");
    }

    /**
     * Takes the lock (every one of {@code keys}, so that other tools sharing a table are kept out too),
     * waiting at most {@code wait} for other sessions to release them.
     *
     * @throws FerryException {@link MigrationErrorCode#LOCK_NOT_ACQUIRED} naming the holder when the wait runs out
     */
    public static MigrationLock acquire(DataSource dataSource, List<Long> keys, Duration wait, EventPublisher events) {
        AdvisoryLock lock = AdvisoryLock.acquire(dataSource, "the migration lock", keys, wait, new AdvisoryLock.Waiting() {
            @Override
            public FerryException refused(Optional<LockHolder> holder) {
                return new FerryException(MigrationErrorCode.LOCK_NOT_ACQUIRED,
                        "another session holds the migration lock and did not release it within "
                                + Durations.format(wait) + holder.map(h -> ": " + h.describe()).orElse(""),
                        Remedy.of("wait for that run to finish, or raise ", MigrationRemedy.LOCK_WAIT, "; if that run"
                                + " is stuck, end its lock session with SELECT pg_terminate_backend("
                                + holder.map(h -> String.valueOf(h.pid())).orElse("pid") + "): the run stops when it"
                                + " next records a revision, keeping nothing of that one (the session looks idle because"
                                + " a run holds the lock on a connection of its own, which does nothing else)"));
            }

            @Override
            public void stillWaiting(Duration waited, Optional<LockHolder> holder) {
                events.publish(new MigrationEvent.LockWaiting(Instant.now(), waited, wait, holder));
            }

            @Override
            public FerryException interrupted() {
                return new FerryException(MigrationErrorCode.LOCK_NOT_ACQUIRED,
                        "interrupted while waiting for the migration lock", "run the command again");
            }
        });
        events.publish(new MigrationEvent.LockAcquired(Instant.now(), lock.waited()));
        return new MigrationLock(lock);
    }

    /**
     * Checks that this session still holds the lock, before a revision that runs outside a transaction: a
     * lock session that was terminated, or whose connection dropped, has released the lock, and another run
     * may hold it now.
     *
     * @throws FerryException {@link MigrationErrorCode#LOCK_LOST} when the lock is gone
     */
    public void verifyHeld(String before) {
        if (!lock.held()) {
            throw lost("stopped before " + before);
        }
    }

    /**
     * The SQL condition, true while this lock's session holds every key: any other session may evaluate it, so a
     * revision run in a transaction checks it in the statement that records the revision, just before it
     * commits, at no extra round trip.
     */
    public Optional<String> heldCondition() {
        return Optional.of(lock.heldCondition());
    }

    /** The error for a lock found lost; {@code what} says what the run did about it. */
    public FerryException lost(String what) {
        return new FerryException(MigrationErrorCode.LOCK_LOST,
                "lost the migration lock (its session ended or was terminated); " + what,
                Remedy.of("another run may hold the lock now: check with ", MigrationRemedy.SHOW_STATUS,
                        ", then run again"));
    }

    /** Who holds any of these lock keys now, read without taking them. */
    public static Optional<LockHolder> holder(Connection c, List<Long> keys) throws SQLException {
        return AdvisoryLock.holder(c, keys);
    }

    /** Releases the lock and gives its connection back. */
    @Override
    public void close() {
        lock.close();
    }
}
