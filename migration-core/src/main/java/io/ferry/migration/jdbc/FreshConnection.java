package io.ferry.migration.jdbc;

import io.ferry.migration.api.Backoff;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.FerryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Writes what a failed piece of work must leave in the database (a revision's failure row, a backfill
 * run's error) even when the failure was the work's own connection dying: a terminated backend, a
 * server restart, a network cut. The write goes to the work's connection while that one lives, and
 * otherwise to a fresh session from {@code dataSource}, tried again with short pauses for up to
 * {@code patience} while the server cannot be reached, since a restarting server refuses connections
 * for a few seconds before it takes them again.
 *
 * @param patience how long to keep trying to reach the server for the write; zero tries once
 */
public record FreshConnection(DataSource dataSource, Duration patience) {

    private static final Backoff PAUSE = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    public FreshConnection {
        if (patience.isNegative()) {
            throw new IllegalArgumentException("patience must not be negative: " + patience);
        }
    }

    /**
     * Runs {@code work} on {@code used}, unless that connection is gone (closed, or {@code cause}, the
     * error that ended the work, says the session ended), in which case, or when the work fails because
     * the connection broke, on a fresh session. A write that fails for another reason (a missing
     * privilege, say) is not tried again.
     *
     * @param cause the error that ended the work, if it was a database error; may be null
     * @return empty once written; otherwise why the write failed, on one line
     */
    public Optional<String> write(Connection used, SQLException cause, Transactions.Work work) {
        if (!gone(used, cause)) {
            try {
                work.run(used);
                return Optional.empty();
            } catch (SQLException e) {
                if (!gone(used, e)) {
                    return Optional.of(SqlErrors.describe(e));
                }
            }
        }
        long deadline = System.nanoTime() + patience.toNanos();
        for (int attempt = 1; ; attempt++) {
            String why;
            boolean unreachable;
            try (Session fresh = Session.open(dataSource)) {
                work.run(fresh.connection());
                return Optional.empty();
            } catch (SQLException e) {
                why = SqlErrors.describe(e);
                unreachable = SqlErrors.isConnectionLost(e);
            } catch (FerryException e) {
                why = e.getMessage();
                unreachable = e.category() == ErrorCategory.CONNECTION;
            }
            Duration pause = PAUSE.pause(attempt, ThreadLocalRandom.current());
            if (!unreachable || System.nanoTime() + pause.toNanos() - deadline > 0) {
                return Optional.of(why);
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(why);
            }
        }
    }

    /** True when {@code c} can carry no more work: it is closed, or {@code e} says its session ended. */
    private static boolean gone(Connection c, SQLException e) {
        if (e != null && SqlErrors.isConnectionLost(e)) {
            return true;
        }
        try {
            return c.isClosed();
        } catch (SQLException notEvenThat) {
            return true;
        }
    }
}
