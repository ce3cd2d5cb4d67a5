package io.ferry.runbook.snapshot;

import static io.ferry.runbook.snapshot.Texts.oneLine;

import io.ferry.migration.Ferry;
import io.ferry.migration.Status;
import io.ferry.migration.ValidationResult;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.ErrorCode;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.runbook.project.ServerProject;
import io.ferry.runbook.snapshot.Snapshot.Backfill;
import io.ferry.runbook.snapshot.Snapshot.ChangedFile;
import io.ferry.runbook.snapshot.Snapshot.Database;
import io.ferry.runbook.snapshot.Snapshot.Drift;
import io.ferry.runbook.snapshot.Snapshot.Failure;
import io.ferry.runbook.snapshot.Snapshot.HistoryRow;
import io.ferry.runbook.snapshot.Snapshot.Lock;
import io.ferry.runbook.snapshot.Snapshot.MigrationState;
import io.ferry.runbook.snapshot.Snapshot.Migrations;
import io.ferry.runbook.snapshot.Snapshot.Partial;
import io.ferry.runbook.snapshot.Snapshot.Pending;
import io.ferry.runbook.snapshot.RunTracker.OwnFailure;
import io.ferry.workspace.CommandWords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads one {@link Snapshot}, all on one session ({@link ServerProject#onOneSession}): one query for the
 * database's version and latency, a handful for the sessions, connections, permissions and table sizes
 * ({@link LiveReader}) and the backfills' newest runs ({@link BackfillReader}); then Ferry's
 * {@link Ferry#status()}, its {@link Ferry#history()}, of which the newest rows are kept, and
 * {@link Ferry#validate()} (edited and missing files), which borrow the same session; and, while someone holds
 * the migration lock, what its session is doing. Never throws for an unreachable database or a broken project:
 * the snapshot says so.
 */
final class SnapshotReader {

    /** The hint of a failure known only from the history, whose row keeps the cause but not the code. */
    static final String HISTORY_HINT = "fix the cause (a revision's SQL, a lock, a permission), then retry the"
            + " migrations: POST /admin/migrations/retry, or ferry upgrade head";

    private static final Logger LOG = Logger.getLogger(SnapshotReader.class);

    /** The lock holder's state and wait event, by pid. */
    private static final String HOLDER_ACTIVITY = "SELECT state, wait_event_type || ':' || wait_event"
            + " FROM pg_stat_activity WHERE pid = ?";

    private final ServerProject project;
    private final Duration longTransaction;

    SnapshotReader(ServerProject project, Duration longTransaction) {
        this.project = project;
        this.longTransaction = longTransaction;
    }

    Snapshot read(Snapshot previous, RunTracker runs) {
        Instant now = Instant.now();
        long start = System.nanoTime();
        // Whether this server runs migrations, taken before the database is read: a run that ends during the
        // read may have committed after it, so the read says running (the run's own refresh follows) rather than
        // the state before the run. The run's failure is set before it ends, so it is read after.
        boolean running = runs.running();
        try {
            return project.onOneSession(c -> read(c, previous, runs, running, now));
        } catch (SQLException e) {
            return unreachable(previous, runs, running, SqlErrors.translate("connecting to " + project.describe()
                    + " after " + (System.nanoTime() - start) / 1_000_000 + " ms", e), now);
        } catch (FerryException e) {
            // No database configured, or the session failed under the live reads.
            return unreachable(previous, runs, running, e, now);
        }
    }

    private Snapshot read(Connection c, Snapshot previous, RunTracker runs, boolean running, Instant now) {
        Optional<OwnFailure> own = runs.lastFailure();
        Round round = readLive(c);
        Status status;
        Ferry ferry;
        try {
            ferry = project.ferry();
            status = ferry.status();
        } catch (FerryException e) {
            if (e.category() == ErrorCategory.CONNECTION) {
                return unreachable(previous, runs, running, e, now);
            }
            // A malformed project, a history Ferry cannot read: the database answers, the migrations cannot run.
            // What was known of the lock, the files' drift and a part-applied revision stays as it was: unread is
            // not gone (the alert rules would take it for resolved).
            Failure failure = failure(null, e, now);
            Migrations known = previous.migrations();
            return round.snapshot(new Migrations(running ? MigrationState.RUNNING : MigrationState.FAILED,
                    known.current(), known.heads(), known.pending(), known.unknown(), failure, known.lock(),
                    known.history(), known.drift(), known.partial()), now);
        }
        Failure lastFailure = lastFailure(status, own);
        MigrationState state = running || status.lockHolder().isPresent() ? MigrationState.RUNNING
                : lastFailure != null ? MigrationState.FAILED
                : !status.pending().isEmpty() ? MigrationState.PENDING
                : MigrationState.OK;
        List<Pending> pending = status.pending().stream().map(id -> pending(ferry, id)).toList();
        Lock lock = status.lockHolder().map(h -> holderActivity(c, new Lock(h.pid(), h.user(), h.applicationName(),
                h.since()).doing(h.state(), null, runs.revision().orElse(null))).seenAfter(previous, now))
                .orElse(null);
        List<HistoryRow> history = status.initialised() ? history(ferry, previous) : List.of();
        return round.snapshot(new Migrations(state, status.currentHeads(), status.targetHeads(), pending,
                status.unknown(), lastFailure, lock, history, drift(ferry, status, previous),
                partial(status.lastFailure())), now);
    }

    /**
     * The lock holder's {@code state} and wait event now, from {@code pg_stat_activity} (never its query's text);
     * {@code lock} as it was when they cannot be read (the session ended meanwhile, a role that may not see it).
     */
    private static Lock holderActivity(Connection c, Lock lock) {
        try (PreparedStatement ps = c.prepareStatement(HOLDER_ACTIVITY)) {
            ps.setInt(1, lock.pid());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    // Gone, or hidden: a role sees only its own sessions' activity without pg_read_all_stats.
                    return lock;
                }
                return lock.doing(rs.getString(1), rs.getString(2), lock.revision());
            }
        } catch (SQLException e) {
            LOG.debugf("could not read what the lock holder does: %s", e.getMessage());
            return lock;
        }
    }

    /**
     * What {@link Ferry#validate()} finds (one more session): applied revisions whose file was edited or is
     * gone; what was known before when it cannot be read now. Not for a Flyway project, whose validate runs
     * the project's {@code beforeValidate} callbacks: the server does not run them on every refresh.
     */
    private static Drift drift(Ferry ferry, Status status, Snapshot previous) {
        if (!status.initialised() || ferry.isFlywayProject()) {
            return Drift.NONE;
        }
        try {
            ValidationResult found = ferry.validate();
            return new Drift(found.mismatches().stream().map(m -> new ChangedFile(m.revision(), m.origin(),
                    m.recorded(), m.current())).toList(), found.missing());
        } catch (FerryException e) {
            return previous.migrations().drift();
        }
    }

    /**
     * The last failure when it left a revision part-applied, as {@code ferry status} words it ("statements 1
     * to N of M stay applied"); else null.
     */
    static Partial partial(Optional<HistoryEntry> lastFailure) {
        return lastFailure.filter(e -> e.statementsDone().orElse(0) > 0 && e.statementsTotal().isPresent())
                .map(e -> new Partial(e.revision(), e.action().column(), e.statementsDone().get(),
                        e.statementsTotal().get(), e.startedAt(), e.error().map(Texts::oneLine).orElse(null)))
                .orElse(null);
    }

    /** What one connection read: the database, then the sessions, tables and backfills (null when those failed). */
    private record Round(Database database, LiveReader.Live live, List<Backfill> backfills) {

        Snapshot snapshot(Migrations migrations, Instant now) {
            if (live == null) {
                return new Snapshot(database, migrations, List.of(), List.of(), null, null, List.of(), backfills, now);
            }
            return new Snapshot(database, migrations, live.blockers(), live.longTransactions(), live.connections(),
                    live.permissions(), live.largestTables(), backfills, now);
        }
    }

    /**
     * The refresh's session: the timed ping, then the live queries and the backfills, under a {@code lock_timeout}
     * that is reset after them. The ping failing means the database is unreachable; a live query failing otherwise
     * leaves its parts out of this snapshot (logged).
     */
    private Round readLive(Connection c) {
        try {
            Database database = ping(c);
            LiveReader.Live live = null;
            try {
                live = LiveReader.read(c, project.schema(), longTransaction);
                database = new Database(true, database.latencyMs(), database.serverVersion(), live.sizeBytes(), null, null);
            } catch (SQLException e) {
                FerryException error = SqlErrors.translate("reading the sessions and tables", e);
                if (error.category() == ErrorCategory.CONNECTION) {
                    throw error;
                }
                LOG.warnf("could not read the sessions and tables: %s", oneLine(error.getMessage()));
            }
            List<Backfill> backfills = List.of();
            try {
                backfills = BackfillReader.read(c, project.backfillJobs(), project.schema(), project.projectDir());
            } catch (FerryException e) {
                if (e.category() == ErrorCategory.CONNECTION) {
                    throw e;
                }
                LOG.warnf("could not read the backfills: %s", oneLine(e.getMessage()));
            }
            // Ferry's reads on this session wait for locks as they do on a session of their own.
            try (Statement s = c.createStatement()) {
                s.execute("RESET lock_timeout");
            }
            return new Round(database, live, backfills);
        } catch (SQLException e) {
            throw SqlErrors.translate("reading " + project.describe(), e);
        }
    }

    /** One query, timed: PostgreSQL's version. */
    private static Database ping(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            long queried = System.nanoTime();
            try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                String version = rs.getString(1);
                long latency = Math.max(0, (System.nanoTime() - queried) / 1_000_000);
                return new Database(true, latency, version, null, null);
            }
        }
    }

    /** The database does not answer: what was known of the migrations stays, marked by what this server does. */
    private static Snapshot unreachable(Snapshot previous, RunTracker runs, boolean running, FerryException e,
                                        Instant now) {
        Migrations known = previous.migrations();
        Failure own = runs.lastFailure().map(f -> failure(null, f.error(), f.failedAt())).orElse(known.lastFailure());
        MigrationState state = running ? MigrationState.RUNNING
                : own != null ? MigrationState.FAILED
                : known.state() == MigrationState.RUNNING ? MigrationState.PENDING : known.state();
        return new Snapshot(new Database(false, null, null, e.code().id(), oneLine(e.getMessage())),
                known.withState(state, own), now);
    }

    /**
     * The newest failure: this server's own run and the history's last failure, merged when they are the
     * same event (the history row was written by that run: it keeps the revision, the run keeps the code and
     * the hint). A failure of the server's own that the history never saw (a refused connection, an edited
     * file) counts until the database is up to date.
     */
    static Failure lastFailure(Status status, Optional<OwnFailure> own) {
        Optional<HistoryEntry> recorded = status.lastFailure();
        if (recorded.isPresent()) {
            HistoryEntry row = recorded.get();
            if (own.isPresent() && !row.startedAt().isBefore(own.get().runStartedAt())) {
                return failure(row.revision(), own.get().error(), row.startedAt());
            }
            if (own.isPresent() && own.get().failedAt().isAfter(row.startedAt())) {
                return failure(null, own.get().error(), own.get().failedAt());
            }
            return new Failure(row.revision(), MigrationErrorCode.MIGRATION_FAILED.id(),
                    oneLine(row.action().column() + " of " + row.revision() + " failed: "
                            + row.error().orElse("(no error text)")), HISTORY_HINT, row.startedAt(),
                    runbook(MigrationErrorCode.MIGRATION_FAILED));
        }
        if (own.isPresent() && !status.upToDate()) {
            return failure(null, own.get().error(), own.get().failedAt());
        }
        return null;
    }

    /** A failure with its hint in the {@code ferry} command's words: the engineer who reads it acts with it. */
    private static Failure failure(String revision, FerryException e, Instant at) {
        return new Failure(revision, e.code().id(), oneLine(e.getMessage()), oneLine(CommandWords.say(e.remedy())), at,
                runbook(e.code()));
    }

    /** {@code /runbooks/<page>#<code>}: where this server publishes the code's section. */
    public static String runbook(ErrorCode code) {
        return code.runbookUrl("");
    }

    private static Pending pending(Ferry ferry, String id) {
        Optional<Revision> r = ferry.graph().find(id);
        String sql = r.map(Revision::up).filter(SqlBody.class::isInstance).map(b -> ((SqlBody) b).sql().strip())
                .orElse(null);
        return new Pending(id, r.map(Revision::message).orElse(""), r.map(Revision::origin).orElse(null), sql);
    }

    /** The newest rows of the history, newest first; what was known before when it cannot be read now. */
    private static List<HistoryRow> history(Ferry ferry, Snapshot previous) {
        List<HistoryEntry> rows;
        try {
            rows = ferry.history();
        } catch (FerryException e) {
            return previous.migrations().history();
        }
        List<HistoryRow> newest = new ArrayList<>();
        for (int i = rows.size() - 1; i >= 0 && newest.size() < Migrations.HISTORY_ROWS; i--) {
            HistoryEntry row = rows.get(i);
            newest.add(new HistoryRow(row.revision(), row.action().column(), row.success(), row.startedAt(),
                    row.durationMs(), row.error().map(Texts::oneLine).orElse(null)));
        }
        return newest;
    }
}
