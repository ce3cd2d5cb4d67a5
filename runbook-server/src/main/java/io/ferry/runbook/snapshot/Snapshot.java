package io.ferry.runbook.snapshot;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The live state the server shows, read in one round of queries by {@link SnapshotRefresher} and then
 * only read: requests never query the database. Immutable.
 *
 * @param database         whether the database answers, how fast, its version and size
 * @param migrations       the database against the project's migrations
 * @param blockers         the sessions waiting for a lock, each with the sessions it waits for
 * @param longTransactions the transactions open longer than {@code ferry.checks.long-transaction}, oldest first
 * @param connections      the server's connections against {@code max_connections}; null when unknown
 * @param permissions      what the configured role may do in the target schemas; null when unknown
 * @param largestTables    the largest tables of the database, largest first (at most {@value #LARGEST_TABLES})
 * @param backfills        each declared backfill job and its newest run
 * @param generatedAt      when it was read
 * @param schemaDrift      the last scheduled drift check ({@code ferry.drift.interval}): not read with the rest,
 *                         but the last result kept in memory
 */
public record Snapshot(Database database, Migrations migrations, List<Blocker> blockers,
                       List<Transaction> longTransactions, Connections connections, Permissions permissions,
                       List<TableSize> largestTables, List<Backfill> backfills, Instant generatedAt,
                       SchemaDrift schemaDrift) {

    /** How many tables {@link #largestTables} keeps. */
    public static final int LARGEST_TABLES = 10;

    public Snapshot {
        blockers = List.copyOf(blockers);
        longTransactions = List.copyOf(longTransactions);
        largestTables = List.copyOf(largestTables);
        backfills = List.copyOf(backfills);
        schemaDrift = schemaDrift == null ? SchemaDrift.NOT_CHECKED : schemaDrift;
    }

    /** A snapshot whose drift has not been checked (yet). */
    public Snapshot(Database database, Migrations migrations, List<Blocker> blockers,
                    List<Transaction> longTransactions, Connections connections, Permissions permissions,
                    List<TableSize> largestTables, List<Backfill> backfills, Instant generatedAt) {
        this(database, migrations, blockers, longTransactions, connections, permissions, largestTables, backfills,
                generatedAt, SchemaDrift.NOT_CHECKED);
    }

    /** The database and migrations alone: nothing is known of the sessions, tables and backfills. */
    public Snapshot(Database database, Migrations migrations, Instant generatedAt) {
        this(database, migrations, List.of(), List.of(), null, null, List.of(), List.of(), generatedAt);
    }

    /** Before the first refresh: nothing is known yet, so nothing is claimed to be up. */
    static Snapshot initial(Instant now) {
        return new Snapshot(new Database(false, null, null, "not-checked-yet", "the server has not read the database yet"),
                new Migrations(MigrationState.PENDING, List.of(), List.of(), List.of(), List.of(), null, null), now);
    }

    /** The same snapshot with other migrations. */
    public Snapshot withMigrations(Migrations other) {
        return new Snapshot(database, other, blockers, longTransactions, connections, permissions, largestTables,
                backfills, generatedAt, schemaDrift);
    }

    /** The same snapshot with another result of the drift check. */
    public Snapshot withSchemaDrift(SchemaDrift other) {
        return new Snapshot(database, migrations, blockers, longTransactions, connections, permissions, largestTables,
                backfills, generatedAt, other);
    }

    /**
     * True when {@code other} shows the same state: everything but when it was read, how fast the database
     * answered, and the wording of the same connection error (which names how long the attempt took).
     */
    public boolean sameStateAs(Snapshot other) {
        if (other == null) {
            return false;
        }
        Database theirs = other.database;
        boolean sameError = Objects.equals(theirs.errorCode, database.errorCode);
        Database comparable = new Database(theirs.reachable, database.latencyMs, theirs.serverVersion, theirs.sizeBytes,
                theirs.errorCode, sameError ? database.errorMessage : theirs.errorMessage);
        return equals(new Snapshot(comparable, other.migrations, other.blockers, other.longTransactions,
                other.connections, other.permissions, other.largestTables, other.backfills, generatedAt,
                other.schemaDrift));
    }

    /** True when the server is fit to take traffic: the database answers and every migration is applied. */
    public boolean ready() {
        return database.reachable() && migrations.state() == MigrationState.OK;
    }

    /**
     * The last drift check: the database's schema against the one its applied revisions produce, replayed on
     * a scratch database on a schedule ({@code ferry.drift.interval}), never per request.
     *
     * @param enabled        false when {@code ferry.drift.interval} is {@code 0} or {@code off}
     * @param checkedAt      when the last check ran; null before the first
     * @param tookMs         how long it took
     * @param current        the revisions replayed (the database's heads)
     * @param differences    each difference, one line ("column a.b differs: ...")
     * @param invalidIndexes every index that is not valid, with its fix
     * @param error          why the last check could not run; null when it did
     */
    public record SchemaDrift(boolean enabled, Instant checkedAt, Long tookMs, List<String> current,
                              List<String> differences, List<InvalidIndex> invalidIndexes, String error) {

        /** Before the first check. */
        public static final SchemaDrift NOT_CHECKED = new SchemaDrift(true, null, null, List.of(), List.of(), List.of(),
                null);

        /** The check is turned off. */
        public static final SchemaDrift DISABLED = new SchemaDrift(false, null, null, List.of(), List.of(), List.of(),
                null);

        public SchemaDrift {
            current = List.copyOf(current);
            differences = List.copyOf(differences);
            invalidIndexes = List.copyOf(invalidIndexes);
        }

        /** True when the last check ran and found differences or invalid indexes. */
        public boolean found() {
            return checkedAt != null && error == null && (!differences.isEmpty() || !invalidIndexes.isEmpty());
        }
    }

    /** An index that is not valid, and how to fix it. */
    public record InvalidIndex(String index, String table, String fix) {
    }

    /**
     * @param reachable     whether a query got an answer
     * @param latencyMs     how long that query took, when it did
     * @param serverVersion PostgreSQL's {@code server_version}, when reachable
     * @param sizeBytes     the database's size ({@code pg_database_size}), when reachable
     * @param errorCode     Ferry's error code for why it is not reachable ({@code connection-refused}, ...)
     * @param errorMessage  the one-line cause, passwords masked
     */
    public record Database(boolean reachable, Long latencyMs, String serverVersion, Long sizeBytes, String errorCode,
                           String errorMessage) {

        /** Without the size. */
        public Database(boolean reachable, Long latencyMs, String serverVersion, String errorCode, String errorMessage) {
            this(reachable, latencyMs, serverVersion, null, errorCode, errorMessage);
        }
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
     * @param drift       applied revisions whose file changed or is gone, as {@code ferry validate} finds them
     * @param partial     a revision run statement by statement that stopped part-way and stays so, or null
     */
    public record Migrations(MigrationState state, List<String> current, List<String> heads, List<Pending> pending,
                             List<String> unknown, Failure lastFailure, Lock lock, List<HistoryRow> history,
                             Drift drift, Partial partial) {

        /** How many rows of the history a snapshot keeps. */
        public static final int HISTORY_ROWS = 10;

        public Migrations {
            current = List.copyOf(current);
            heads = List.copyOf(heads);
            pending = List.copyOf(pending);
            unknown = List.copyOf(unknown);
            history = history == null ? List.of() : List.copyOf(history);
            drift = drift == null ? Drift.NONE : drift;
        }

        /** Without what validating the files finds. */
        public Migrations(MigrationState state, List<String> current, List<String> heads, List<Pending> pending,
                          List<String> unknown, Failure lastFailure, Lock lock, List<HistoryRow> history) {
            this(state, current, heads, pending, unknown, lastFailure, lock, history, Drift.NONE, null);
        }

        /** Without the history. */
        public Migrations(MigrationState state, List<String> current, List<String> heads, List<Pending> pending,
                          List<String> unknown, Failure lastFailure, Lock lock) {
            this(state, current, heads, pending, unknown, lastFailure, lock, List.of());
        }

        Migrations withState(MigrationState state, Failure lastFailure) {
            return new Migrations(state, current, heads, pending, unknown, lastFailure, lock, history, drift, partial);
        }
    }

    /**
     * Where the database's applied revisions and the migration files disagree, as {@code ferry validate} says.
     *
     * @param changed applied revisions whose file was edited since
     * @param missing applied revisions that no file defines any more, by id
     */
    public record Drift(List<ChangedFile> changed, List<String> missing) {

        /** Nothing found, or nothing known. */
        public static final Drift NONE = new Drift(List.of(), List.of());

        public Drift {
            changed = List.copyOf(changed);
            missing = List.copyOf(missing);
        }

        public boolean none() {
            return changed.isEmpty() && missing.isEmpty();
        }
    }

    /** An applied revision whose file now has another checksum than the one recorded when it was applied. */
    public record ChangedFile(String revision, String file, String recorded, String current) {
    }

    /**
     * A revision run statement by statement that failed part-way: its first {@code done} statements of
     * {@code total} stay applied until a run resumes or restarts it ({@code --resume}, {@code --restart}).
     *
     * @param at    when the failed attempt started
     * @param error the attempt's error, on one line
     */
    public record Partial(String revision, String action, int done, int total, Instant at, String error) {
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

    /**
     * The session holding the migration lock.
     *
     * @param since     when that session connected ({@code backend_start}): older than the lock for a pooled
     *                  connection, and {@link Instant#EPOCH} when the server's role may not see it
     * @param heldSince when the lock was taken, as near as the snapshots tell: the session's start when the first
     *                  snapshot that saw the lock could not know better, else no earlier than the last snapshot
     *                  that saw the lock free or held by another session
     * @param state     the session's {@code state} in {@code pg_stat_activity} ({@code idle} for Ferry's runs, which
     *                  hold the lock on a session that does nothing else); null when not known
     * @param waitEvent what it waits on, {@code type:event} ({@code Client:ClientRead}); null when it waits for nothing
     *                  or it is not known
     * @param revision  the revision the holder is running, when the server knows it: its own run's; null otherwise
     */
    public record Lock(int pid, String user, String application, Instant since, Instant heldSince, String state,
                       String waitEvent, String revision) {

        /** A lock first seen now, held since its session connected, nothing known of what it does. */
        public Lock(int pid, String user, String application, Instant since) {
            this(pid, user, application, since, since);
        }

        /** A lock held since {@code heldSince}, nothing known of what its session does. */
        public Lock(int pid, String user, String application, Instant since, Instant heldSince) {
            this(pid, user, application, since, heldSince, null, null, null);
        }

        /** This lock with what its session does, and the revision it runs when known. */
        public Lock doing(String state, String waitEvent, String revision) {
            return new Lock(pid, user, application, since, heldSince, state, waitEvent, revision);
        }

        /** This lock as a snapshot read at {@code now} sees it, {@code previous} being the last one. */
        Lock seenAfter(Snapshot previous, Instant now) {
            Lock before = previous == null ? null : previous.migrations().lock();
            if (before != null && before.pid == pid) {
                return new Lock(pid, user, application, since, before.heldSince, state, waitEvent, revision);
            }
            boolean known = since != null && !Instant.EPOCH.equals(since);
            // Free, or another session's, when the last snapshot of the answering database was read: taken after it.
            Instant notBefore = previous != null && previous.database().reachable() ? previous.generatedAt() : null;
            Instant held = !known ? (notBefore != null ? notBefore : now)
                    : notBefore != null && notBefore.isAfter(since) ? notBefore : since;
            return new Lock(pid, user, application, since, held, state, waitEvent, revision);
        }
    }

    /**
     * A session waiting for a lock ({@code pg_stat_activity}, {@code pg_locks}).
     *
     * @param waitEvent        {@code Lock:relation}, ...: what {@code pg_stat_activity} says it waits on
     * @param waitingFor       the locks it asked for and has not been granted, as {@code mode on object}
     * @param queryStart       when its current statement started
     * @param transactionStart when its transaction started
     * @param blockedBy        the sessions it waits for ({@code pg_blocking_pids}), in pid order
     */
    public record Blocker(int pid, String application, String user, String state, String waitEvent, String waitingFor,
                          Instant queryStart, Instant transactionStart, List<BlockingSession> blockedBy) {

        public Blocker {
            blockedBy = List.copyOf(blockedBy);
        }
    }

    /** A session another one waits for; its {@code state} is null when it has ended since. */
    public record BlockingSession(int pid, String application, String user, String state, Instant transactionStart) {
    }

    /** A transaction open for long: who, doing what, since when. */
    public record Transaction(int pid, String application, String user, String state, String waitEvent,
                              Instant transactionStart, Instant queryStart) {
    }

    /**
     * The server's client connections.
     *
     * @param used     client connections open now, on every database of the server
     * @param max      {@code max_connections}
     * @param reserved {@code superuser_reserved_connections}: slots only superusers may take
     * @param byState  how many are {@code active}, {@code idle}, {@code idle in transaction}, ...
     */
    public record Connections(int used, int max, int reserved, Map<String, Integer> byState) {

        public Connections {
            byState = Collections.unmodifiableMap(new TreeMap<>(byState));
        }
    }

    /**
     * What the configured role may do.
     *
     * @param role             the role the server connects as
     * @param superuser        whether it is a superuser (who may do everything)
     * @param canCreateSchemas whether it may create a schema in the database
     * @param schemas          the target schemas: Ferry's schema, then the role's {@code search_path}
     */
    public record Permissions(String role, boolean superuser, boolean canCreateSchemas, List<SchemaAccess> schemas) {

        public Permissions {
            schemas = List.copyOf(schemas);
        }
    }

    /**
     * One target schema.
     *
     * @param exists      false when the schema is not there yet (a migration would create it)
     * @param owner       its owner, when it exists
     * @param canUse      {@code USAGE}: the role may reach its objects
     * @param canCreate   {@code CREATE}: the role may create tables in it
     * @param tables      how many tables it holds
     * @param notAltered  the tables the role does not own (so may not alter), at most ten, by name
     * @param notWritable the tables the role may not insert into, update or delete from, at most ten, by name
     */
    public record SchemaAccess(String schema, boolean exists, String owner, boolean canUse, boolean canCreate, int tables,
                               List<String> notAltered, List<String> notWritable) {

        public SchemaAccess {
            notAltered = List.copyOf(notAltered);
            notWritable = List.copyOf(notWritable);
        }
    }

    /** A table and its size with indexes and TOAST ({@code pg_total_relation_size}). */
    public record TableSize(String schema, String table, long totalBytes) {
    }

    /**
     * A declared backfill job and its newest run (every run figure is null or zero when it never ran).
     *
     * @param state         {@code never-run}, {@code running}, {@code paused}, {@code succeeded}, {@code failed},
     *                      {@code cancelled}, or {@code interrupted} (its process died mid-run)
     * @param runningPid    the backend of the process running it now, or null
     * @param rowsScanned   rows the run has walked
     * @param rowsChanged   rows it has changed
     * @param rowsPerSecond rows walked per second over its recent batches; null before any
     * @param error         why it failed, when it did
     */
    public record Backfill(String job, String type, String state, Integer runningPid, Long runId, long rowsScanned,
                           long rowsChanged, int batches, Long rowsPerSecond, String error, Instant startedAt,
                           Instant updatedAt, Instant endedAt) {
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
