package io.ferry.runbook.project;

import io.ferry.alerts.AlertsSettings;
import io.ferry.backfill.JobDefinition;
import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.event.MigrationListener;
import io.ferry.workspace.LintConfig;
import io.ferry.workspace.SchemaDrift;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The project and database the server works on: everything else in the server reaches them only through
 * this seam. Its implementation, {@link WorkspaceProject}, resolves them with the {@code workspace} module
 * exactly as the {@code ferry} command does ({@code --url}, {@code FERRY_URL}, {@code DATABASE_URL},
 * {@code ferry.yaml}, the embedded database).
 */
public interface ServerProject {

    /**
     * The database: a connection per request, no pool.
     *
     * @throws FerryException when no database is configured or its settings are invalid
     */
    DataSource dataSource();

    /** Work done on one session of the database. */
    @FunctionalInterface
    interface SessionWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} on one session, opened here and closed when it returns: {@code work} gets its connection,
     * and on this thread meanwhile every connection {@link #dataSource()} and {@link #ferry()} hand out is that same
     * session (closing one does not end it). By default the others are sessions of their own.
     *
     * @throws SQLException when the session cannot be opened, or from {@code work}
     * @throws FerryException when no database is configured
     */
    default <T> T onOneSession(SessionWork<T> work) throws SQLException {
        try (Connection c = dataSource().getConnection()) {
            return work.apply(c);
        }
    }

    /**
     * The project's migrations on that database, read once and kept while the files stay as they are: read again
     * when they change on disk (a file fixed and applied by {@code ferry} elsewhere).
     *
     * @throws FerryException when the settings are invalid or a migration file is malformed
     */
    Ferry ferry();

    /**
     * Reads the migration files again, for a run that must see files changed since the last read (a fixed
     * revision); the next {@link #ferry()} returns the new instance. A failed read keeps the previous one.
     *
     * @throws FerryException when a migration file is malformed
     */
    Ferry reload();

    /**
     * As {@link #reload()}, with {@code listener} told of what the returned instance runs (the revision it
     * starts, ...): for the server's own migration runs.
     */
    default Ferry reload(MigrationListener listener) {
        return reload();
    }

    /** The project's folder: {@code .ferry/} (the generated admin token, ...) is under it. */
    Path projectDir();

    /** The database as it may be shown: the URL with any password masked. */
    String describe();

    /** The schema of Ferry's tables (and of the backfill runs): a target schema the live checks look at. */
    default String schema() {
        return "public";
    }

    /**
     * The address people reach the server at ({@code FERRY_PUBLIC_URL}, or {@code public-url} in ferry.yaml),
     * without a trailing slash; empty when not configured.
     */
    default Optional<String> publicUrl() {
        return Optional.empty();
    }

    /** The project's own runbook folder as ferry.yaml names it ({@code runbooks:}), relative to {@link #projectDir}. */
    default Optional<String> runbooksDir() {
        return Optional.empty();
    }

    /**
     * The alert sinks and the base of runbook links ({@code alerts:} in {@code ferry.yaml}, {@code public-url},
     * {@code FERRY_PUBLIC_URL}); no sinks and no base by default.
     */
    default AlertsSettings alerts() {
        return AlertsSettings.none();
    }

    /** The project's declared backfill jobs, whose newest runs the live status shows; none by default. */
    default List<JobDefinition> backfillJobs() {
        return List.of();
    }

    /**
     * The database's schema against the one its current heads produce, replayed on a scratch database on
     * {@code devUrl}'s server (null: the embedded one), as {@code ferry drift} does; slow, for a schedule only.
     *
     * @throws FerryException when it cannot run (a database unreachable, revisions no file defines, ...)
     * @throws UnsupportedOperationException when this project cannot replay its revisions
     */
    default SchemaDrift drift(String devUrl) {
        throw new UnsupportedOperationException("this server cannot replay its revisions");
    }

    /** {@code lint:} of {@code ferry.yaml}: what a start-up or retried upgrade lints first; the defaults by default. */
    default LintConfig lint() {
        return LintConfig.DEFAULTS;
    }

    /** The drift check's scratch server as {@code ./ferry-server --dev-url} or FERRY_DEV_URL gave it; none by default. */
    default Optional<String> devUrl() {
        return Optional.empty();
    }
}
