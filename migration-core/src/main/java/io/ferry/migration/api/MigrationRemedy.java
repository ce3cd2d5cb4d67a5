package io.ferry.migration.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The core's vocabulary of remedies: what a user can change for the next run, or run, to get past one of
 * its errors. Settings name what to change, never how a front end spells it; operations without
 * arguments stand for themselves in general ("stamp"), with arguments for one precise call.
 */
public enum MigrationRemedy implements RemedyKind {
    /** Wait longer for a connection to open, start-up handshake included. */
    CONNECT_TIMEOUT,
    /** Correct the database URL: its host, port, database or parameters ({@code sslmode}). */
    DATABASE_URL,
    /** Connect as another user, or with the right password. */
    CREDENTIALS,
    /** Wait longer for another run to release the migration lock. */
    LOCK_WAIT,
    /** Let each statement wait longer for the locks it needs ({@code lock_timeout}). */
    LOCK_TIMEOUT,
    /** Keep retrying work that gave up on {@code lock_timeout} for longer. */
    LOCK_RETRY_BUDGET,
    /** Raise or drop the cap on how many times such work is retried. */
    RETRY_LIMIT,
    /** Let each statement of the run run longer ({@code statement_timeout}); a revision's own header wins. */
    STATEMENT_TIMEOUT,
    /** Keep Ferry's history tables in another schema; argument: the schema, when the call should show one. */
    HISTORY_SCHEMA,
    /** Continue a revision an earlier run left half done, at the statement that failed. */
    RESUME,
    /** Run a revision an earlier run left half done again from its first statement. */
    RESTART,
    /** Run a plan that drops, empties or converts data the database holds, and record that it was allowed. */
    ALLOW_DATA_LOSS,
    /** Read the migrations from the right folders. */
    LOCATIONS,
    /** Read the project in Flyway's format. */
    FLYWAY_FORMAT,
    /** Give a Flyway placeholder a value; argument: the placeholder's name. */
    PLACEHOLDER,
    /** Choose the new revision's id. */
    REVISION_ID,
    /** The version a Flyway baseline records; argument: an example version. */
    BASELINE_VERSION,
    /**
     * Stamp after emptying the version table, which then forgets revisions no file defines; arguments: the
     * revisions to stamp, or none for the option of the stamp at hand.
     */
    PURGE,
    /** Apply revisions; argument: the target. */
    UPGRADE,
    /** Revert revisions; argument: the target. */
    DOWNGRADE,
    /** Record where the database is without running anything; arguments: the revisions, when known. */
    STAMP,
    /** Record a Flyway baseline in an empty history; argument: the version. */
    BASELINE,
    /** Write a revision that joins heads; arguments: the heads. */
    MERGE,
    /** Write a new revision file; argument: its message, when the call should show one. */
    NEW_REVISION,
    /** List the revisions the migration files define. */
    SHOW_REVISIONS,
    /** Show which revisions the database is at. */
    SHOW_CURRENT,
    /** Show the branches of the revision graph. */
    SHOW_BRANCHES,
    /** Show the database's migration status, the lock holder included. */
    SHOW_STATUS,
    /** List a Flyway project's versions and their states. */
    SHOW_VERSIONS;

    @Override
    public String inLibraryTerms(List<String> arguments) {
        String first = arguments.isEmpty() ? null : arguments.get(0);
        return switch (this) {
            case CONNECT_TIMEOUT -> "FerryConfiguration.connectTimeout(Duration)";
            case DATABASE_URL -> "the URL given to FerryConfiguration.dataSource(url, user, password)";
            case CREDENTIALS -> "the user and password given to FerryConfiguration.dataSource(url, user, password)";
            case LOCK_WAIT -> "FerryConfiguration.lockWait(Duration)";
            case LOCK_TIMEOUT -> "FerryConfiguration.lockTimeout(Duration)";
            case LOCK_RETRY_BUDGET -> "FerryConfiguration.lockRetryFor(Duration)";
            case RETRY_LIMIT -> "FerryConfiguration.retries(int)";
            case STATEMENT_TIMEOUT -> "FerryConfiguration.statementTimeout(Duration)";
            case HISTORY_SCHEMA -> "FerryConfiguration.schema(" + quoted(first, "SCHEMA") + ")";
            case RESUME -> "FerryConfiguration.partialPolicy(PartialPolicy.RESUME)";
            case RESTART -> "FerryConfiguration.partialPolicy(PartialPolicy.RESTART)";
            case ALLOW_DATA_LOSS -> "FerryConfiguration.allowDataLoss(true)";
            case LOCATIONS -> "FerryConfiguration.locations(Path...)";
            case FLYWAY_FORMAT -> "FerryConfiguration.flyway()";
            case PLACEHOLDER -> "FerryConfiguration.placeholders(Map.of(" + quoted(first, "NAME") + ", VALUE))";
            case REVISION_ID -> "id";
            case BASELINE_VERSION -> quoted(first, "VERSION");
            case PURGE -> first == null ? "purge set (Ferry.stamp(revisions, true))"
                    : "Ferry.stamp(" + list(arguments) + ", true)";
            case UPGRADE -> "Ferry.upgrade(" + quoted(first, "TARGET") + ")";
            case DOWNGRADE -> "Ferry.downgrade(" + quoted(first, "TARGET") + ")";
            case STAMP -> "Ferry.stamp(" + (first == null ? "revisions" : list(arguments)) + ", false)";
            case BASELINE -> "Ferry.flyway().baseline(" + quoted(first, "VERSION") + ", description)";
            case MERGE -> "a revision whose parents are " + String.join(", ", arguments)
                    + " (NativeFileWriter writes one)";
            case NEW_REVISION -> first == null ? "NativeFileWriter"
                    : "NativeFileWriter.revision(id).message(" + quoted(first, "MESSAGE") + ")";
            case SHOW_REVISIONS -> "Ferry.graph().revisions()";
            case SHOW_CURRENT -> "Ferry.current()";
            case SHOW_BRANCHES -> "Ferry.graph().branchPoints()";
            case SHOW_STATUS -> "Ferry.status()";
            case SHOW_VERSIONS -> "Ferry.flyway().info()";
        };
    }

    private static String quoted(String value, String placeholder) {
        return value == null ? placeholder : "\"" + value + "\"";
    }

    private static String list(List<String> values) {
        return "List.of(" + values.stream().map(v -> quoted(v, "")).collect(Collectors.joining(", ")) + ")";
    }
}
