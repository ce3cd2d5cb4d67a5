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
     * @param history     the newest rows of Ferry's history, newest first (at most {@link #HISTORY_ROWS})
     */
    public record Migrations(MigrationState state, List<String> current, List<String> heads, List<Pending> pending,
                             List<String> unknown, Failure lastFailure, Lock lock, List<HistoryRow> history) {

        /** How many rows of the history a snapshot keeps. */
        public static final int HISTORY_ROWS = 10;

        public Migrations {
            current = List.copyOf(current);
            heads = List.copyOf(heads);
            pending = List.copyOf(pending);
            unknown = List.copyOf(unknown);
            history = history == null ? List.of() : List.copyOf(history);
        }

        /** Without the history. */
        public Migrations(MigrationState state, List<String> current, List<String> heads, List<Pending> pending,
                          List<String> unknown, Failure lastFailure, Lock lock) {
            this(state, current, heads, pending, unknown, lastFailure, lock, List.of());
        }

        Migrations withState(MigrationState state, Failure lastFailure) {
            return new Migrations(state, current, heads, pending, unknown, lastFailure, lock, history);
        }
    }

    /**
     * A revision not applied yet: its id, message and file, and the SQL applying it runs as the server last
     * read the files (null for a Java migration or a revision the files no longer define).
     */
    public record Pending(String id, String message, String file, String sql) {

        public Pending(String id, String message, String file) {
            this(id, message, file, null);
        }
    }

    /**
     * One row of Ferry's history: an action on a revision.
     *
     * @param revision the revision acted on
     * @param action   upgrade, downgrade, stamp or unstamp
     * @param success  whether it succeeded
     * @param at       when it started
     * @param tookMs   how long it took
     * @param error    the one-line error of a failure, else null
     */
    public record HistoryRow(String revision, String action, boolean success, Instant at, long tookMs, String error) {
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
