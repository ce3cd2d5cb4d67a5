package io.ferry.runbook.admin;

import io.ferry.migration.Ferry;
import io.ferry.migration.UnknownRevisions;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.lint.Finding;
import io.ferry.runbook.project.MigrateTarget;
import io.ferry.runbook.project.ServerProject;
import io.ferry.runbook.snapshot.RunTracker;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import io.ferry.runbook.snapshot.Texts;
import io.ferry.workspace.LintBeforeRun;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs {@code upgrade head} ({@code upgrade heads} with {@code ferry.migrate-target=heads}) in the background, one
 * run at a time, under the migration lock (Ferry takes it, waiting at most {@code ferry.lock-wait} for another
 * process's run). A database that a newer release
 * migrated past these files (the older release serving again after a blue-green rollback) is left as it is:
 * that run succeeds with nothing to do. It logs the lines operators'
 * alerts match, records a failure for the snapshot, and refreshes the snapshot when done. A failure never
 * stops the server.
 */
@ApplicationScoped
public class MigrationRunner {

    static final String STARTED = "🔄 Running database migrations...";
    static final String SUCCEEDED = "✅ Database migrations completed successfully";
    static final String FAILED = "❌ Database migrations failed: ";
    static final String DEGRADED = "🚨 Application will start but database operations may fail";

    private static final Logger LOG = Logger.getLogger(MigrationRunner.class);

    private final ServerProject project;
    private final RunTracker runs;
    private final SnapshotRefresher snapshots;
    private final MigrateTarget target;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ferry-migrations");
        t.setDaemon(true);
        return t;
    });

    /**
     * @throws IllegalArgumentException when {@code ferry.migrate-target} is neither {@code head} nor {@code heads}
     */
    public MigrationRunner(ServerProject project, RunTracker runs, SnapshotRefresher snapshots,
                           @ConfigProperty(name = "ferry.migrate-target", defaultValue = "head") String target) {
        this.project = project;
        this.runs = runs;
        this.snapshots = snapshots;
        try {
            this.target = MigrateTarget.parse(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ferry.migrate-target (FERRY_MIGRATE_TARGET): " + e.getMessage(), e);
        }
    }

    /** What each run upgrades to. */
    public MigrateTarget target() {
        return target;
    }

    /** Starts a run in the background; false (and nothing started) when one is in progress. */
    public boolean start() {
        if (!runs.tryStart()) {
            return false;
        }
        snapshots.markRunning();
        try {
            worker.execute(this::run);
        } catch (RuntimeException rejected) {
            runs.finish(Instant.now(), null);
            throw rejected;
        }
        return true;
    }

    private void run() {
        Instant started = Instant.now();
        FerryException failure = null;
        LOG.info(STARTED);
        try {
            // The files as they are now: a fixed revision is read again.
            Ferry ferry = project.reload(runs.listener());
            Optional<UnknownRevisions> ahead = ferry.status().unknownRevisions()
                    .filter(unknown -> unknown.placement() == UnknownRevisions.Placement.AHEAD);
            if (ahead.isPresent()) {
                // A newer release migrated the database (a blue-green rollback runs the older one): nothing to do.
                LOG.info(SUCCEEDED + ": nothing to run, the database is at " + String.join(", ", ahead.get().heads())
                        + ", which a newer release of the migrations applied on top of these files");
            } else {
                lintFirst(ferry);
                ferry.upgrade(target.id());
                LOG.info(SUCCEEDED);
            }
        } catch (FerryException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new FerryException(MigrationErrorCode.MIGRATION_FAILED, "unexpected " + e.getClass().getName()
                    + ": " + e.getMessage(), "see the server's log", e);
            LOG.error("the migration run failed unexpectedly", e);
        } finally {
            if (failure != null) {
                LOG.info(FAILED + failure.code().id() + ": " + Texts.oneLine(failure.getMessage()));
                LOG.info(DEGRADED);
            }
            runs.finish(started, failure);
            snapshots.refresh();
        }
    }

    /**
     * {@code lint.on-run} of ferry.yaml, as {@code ferry upgrade} does it: the findings in the revisions about to run
     * are logged as warnings; with {@code on-run: error}, an unsuppressed error stops the run ({@code lint-failed}).
     */
    private void lintFirst(Ferry ferry) {
        LintBeforeRun lint = LintBeforeRun.upgrade(project.lint(), ferry, target.id());
        if (!lint.findings().isEmpty()) {
            LOG.warn(lint.headline());
            for (Finding f : lint.findings()) {
                LOG.warn("  " + f.headline() + f.suppressed().map(reason -> " (suppressed: " + reason + ")").orElse(""));
            }
        }
        lint.refuseIfBlocked();
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }
}
