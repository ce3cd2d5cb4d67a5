package io.ferry.runbook.snapshot;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The live state the server shows, read in one round of queries by {@link SnapshotRefresher} and then
 * only read: requests never query the database. Immutable.
 *
 * @param database    whether the database answers, and how fast
 * @param migrations  the database against the project's migrations
 * @param generatedAt when it was read
 */
public record Snapshot(Database database, Migrations migrations, Instant generatedAt) {

    /** Before the first refresh: nothing is known yet, so nothing is claimed to be up. */
    static Snapshot initial(Instant now) {
        return new Snapshot(new Database(false, null, null, "not-checked-yet", "the server has not read the database yet"),
                new Migrations(MigrationState.PENDING, List.of(), List.of(), List.of(), List.of(), null, null), now);
    }

    /** True when the server is fit to take traffic: the database answers and every migration is applied. */
    public boolean ready() {
        return database.reachable() && migrations.state() == MigrationState.OK;
    }

    /**
     * @param reachable     whether a query got an answer
     * @param latencyMs     how long that query took, when it did
     * @param serverVersion PostgreSQL's {@code server_version}, when reachable
     * @param errorCode     Ferry's error code for why it is not reachable ({@code connection-refused}, ...)
     * @param errorMessage  the one-line cause, passwords masked
     */
    public record Database(boolean reachable, Long latencyMs, String serverVersion, String errorCode,
                           String errorMessage) {
    }

    /**
     * @param state       ok, pending, running or failed (in that order of precedence: running, failed, pending, ok)
     * @param current     the heads the database is at
     * @param heads       the heads of the migration files
     * @param pending     what {@code upgrade heads} would apply, in order
     * @param unknown     current heads that no migration file defines
     * @param lastFailure the newest failure nothing has put right since, or null
     * @param lock        who holds the migration lock, or null
     */
    public record Migrations(MigrationState state, List<String> current, List<String> heads, List<Pending> pending,
                             List<String> unknown, Failure lastFailure, Lock lock) {

        public Migrations {
            current = List.copyOf(current);
            heads = List.copyOf(heads);
            pending = List.copyOf(pending);
            unknown = List.copyOf(unknown);
        }

        Migrations withState(MigrationState state, Failure lastFailure) {
            return new Migrations(state, current, heads, pending, unknown, lastFailure, lock);
        }
    }

    /** A revision not applied yet: its id, message and file. */
    public record Pending(String id, String message, String file) {
    }

    /**
     * The newest failure: a run's own, or a row of {@code ferry_history}.
     *
     * @param revision the revision that failed, when one did (a connection refused names none)
     * @param code     Ferry's stable error code
     * @param message  the one-line cause
     * @param hint     what to do about it
     * @param at       when it happened
     * @param runbook  the runbook section: {@code /runbooks/<page>#<code>}
     */
    public record Failure(String revision, String code, String message, String hint, Instant at, String runbook) {
    }

    /** The session holding the migration lock. */
    public record Lock(int pid, String user, String application, Instant since) {
    }

    /** Where the migrations stand. */
    public enum MigrationState {
        OK, PENDING, RUNNING, FAILED;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
