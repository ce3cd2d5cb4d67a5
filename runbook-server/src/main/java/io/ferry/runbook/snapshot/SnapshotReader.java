package io.ferry.runbook.snapshot;

import static io.ferry.runbook.snapshot.Texts.oneLine;

import io.ferry.migration.Ferry;
import io.ferry.migration.Status;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.ErrorCode;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.runbook.project.ServerProject;
import io.ferry.runbook.snapshot.Snapshot.Database;
import io.ferry.runbook.snapshot.Snapshot.Failure;
import io.ferry.runbook.snapshot.Snapshot.Lock;
import io.ferry.runbook.snapshot.Snapshot.MigrationState;
import io.ferry.runbook.snapshot.Snapshot.Migrations;
import io.ferry.runbook.snapshot.Snapshot.Pending;
import io.ferry.runbook.snapshot.RunTracker.OwnFailure;
import io.ferry.workspace.CommandWords;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads one {@link Snapshot}: one query for the database's version and latency, then Ferry's
 * {@link Ferry#status()} (one session). Never throws for an unreachable database or a broken project: the
 * snapshot says so.
 */
final class SnapshotReader {

    /** The hint of a failure known only from the history, whose row keeps the cause but not the code. */
    static final String HISTORY_HINT = "fix the cause (a revision's SQL, a lock, a permission), then retry the"
            + " migrations: POST /admin/migrations/retry, or ferry upgrade head";

    private final ServerProject project;

    SnapshotReader(ServerProject project) {
        this.project = project;
    }

    Snapshot read(Snapshot previous, RunTracker runs) {
        Instant now = Instant.now();
        Optional<OwnFailure> own = runs.lastFailure();
        Database database;
        try {
            database = ping();
        } catch (FerryException e) {
            return unreachable(previous, runs, e, now);
        }
        Status status;
        Ferry ferry;
        try {
            ferry = project.ferry();
            status = ferry.status();
        } catch (FerryException e) {
            if (e.category() == ErrorCategory.CONNECTION) {
                return unreachable(previous, runs, e, now);
            }
            // A malformed project, a history Ferry cannot read: the database answers, the migrations cannot run.
            Failure failure = failure(null, e, now);
            Migrations known = previous.migrations();
            return new Snapshot(database, new Migrations(runs.running() ? MigrationState.RUNNING : MigrationState.FAILED,
                    known.current(), known.heads(), known.pending(), known.unknown(), failure, null), now);
        }
        Failure lastFailure = lastFailure(status, own);
        MigrationState state = runs.running() || status.lockHolder().isPresent() ? MigrationState.RUNNING
                : lastFailure != null ? MigrationState.FAILED
                : !status.pending().isEmpty() ? MigrationState.PENDING
                : MigrationState.OK;
        List<Pending> pending = status.pending().stream().map(id -> pending(ferry, id)).toList();
        Lock lock = status.lockHolder().map(h -> new Lock(h.pid(), h.user(), h.applicationName(), h.since())).orElse(null);
        return new Snapshot(database, new Migrations(state, status.currentHeads(), status.targetHeads(), pending,
                status.unknown(), lastFailure, lock), now);
    }

    /** One query, timed: PostgreSQL's version. */
    private Database ping() {
        long start = System.nanoTime();
        try (Connection c = project.dataSource().getConnection(); Statement s = c.createStatement()) {
            long queried = System.nanoTime();
            try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                String version = rs.getString(1);
                long latency = Math.max(0, (System.nanoTime() - queried) / 1_000_000);
                return new Database(true, latency, version, null, null);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("connecting to " + project.describe() + " after "
                    + (System.nanoTime() - start) / 1_000_000 + " ms", e);
        }
    }

    /** The database does not answer: what was known of the migrations stays, marked by what this server does. */
    private static Snapshot unreachable(Snapshot previous, RunTracker runs, FerryException e, Instant now) {
        Migrations known = previous.migrations();
        Failure own = runs.lastFailure().map(f -> failure(null, f.error(), f.failedAt())).orElse(known.lastFailure());
        MigrationState state = runs.running() ? MigrationState.RUNNING
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
        return new Pending(id, r.map(Revision::message).orElse(""), r.map(Revision::origin).orElse(null));
    }
}
