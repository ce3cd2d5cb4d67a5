package io.ferry.migration.api;

/**
 * The codes of the errors the migration core reports. A code never changes meaning once released:
 * scripts, alert rules and the runbooks key on it. Each code names the runbook section that explains it.
 */
public enum MigrationErrorCode implements ErrorCode {
    MIGRATION_LOCATION_MISSING(ErrorCategory.INPUT, "migrations.md"),
    INVALID_MIGRATION_FILE(ErrorCategory.INPUT, "migrations.md"),
    MIXED_MIGRATION_FORMATS(ErrorCategory.INPUT, "migrations.md"),
    INVALID_REVISION_ID(ErrorCategory.INPUT, "migrations.md"),
    DUPLICATE_REVISION(ErrorCategory.INPUT, "migrations.md"),
    UNKNOWN_PARENT(ErrorCategory.INPUT, "migrations.md"),
    REVISION_CYCLE(ErrorCategory.INPUT, "migrations.md"),
    INVALID_BRANCH_LABEL(ErrorCategory.INPUT, "migrations.md"),
    DUPLICATE_BRANCH_LABEL(ErrorCategory.INPUT, "migrations.md"),
    INVALID_TARGET(ErrorCategory.INPUT, "targets.md"),
    UNKNOWN_REVISION(ErrorCategory.INPUT, "targets.md"),
    AMBIGUOUS_REVISION(ErrorCategory.INPUT, "targets.md"),
    MULTIPLE_HEADS(ErrorCategory.INPUT, "targets.md"),
    UNKNOWN_BRANCH(ErrorCategory.INPUT, "targets.md"),
    RELATIVE_STEP_OUT_OF_RANGE(ErrorCategory.INPUT, "targets.md"),
    NOT_APPLIED(ErrorCategory.INPUT, "targets.md"),
    REVERTS_OTHER_BRANCH(ErrorCategory.INPUT, "targets.md"),
    UNKNOWN_APPLIED_REVISION(ErrorCategory.FAILURE, "targets.md"),
    NON_TRANSACTIONAL_STATEMENT(ErrorCategory.INPUT, "migrations.md"),
    IRREVERSIBLE_REVISION(ErrorCategory.INPUT, "running.md"),
    /** Nothing listens at the host and port: the server is down, or the address is wrong. */
    CONNECTION_REFUSED(ErrorCategory.CONNECTION, "connections.md"),
    /** The host name does not resolve: a typo, or DNS. */
    UNKNOWN_HOST(ErrorCategory.CONNECTION, "connections.md"),
    /** The connect timeout ran out before the connection and PostgreSQL's start-up were done. */
    CONNECT_TIMEOUT(ErrorCategory.CONNECTION, "connections.md"),
    /** The server refused a connection without TLS, and the URL turned TLS off ({@code sslmode=disable}). */
    TLS_REQUIRED(ErrorCategory.CONNECTION, "connections.md"),
    /** The URL requires TLS ({@code sslmode=require} or {@code verify-*}) and the server does not offer it. */
    TLS_UNAVAILABLE(ErrorCategory.CONNECTION, "connections.md"),
    /** No connection slot left (53300): {@code max_connections}, or the role's or database's limit. */
    TOO_MANY_CONNECTIONS(ErrorCategory.CONNECTION, "connections.md"),
    /** The user did not prove who it is: a wrong or missing password (28P01), or another method that failed. */
    AUTHENTICATION_FAILED(ErrorCategory.CONNECTION, "connections.md"),
    /**
     * The server's access rules turned the connection away before any password was asked: no
     * {@code pg_hba.conf} line for this host, user and database, a {@code reject} line, or a role that may
     * not log in (28000).
     */
    ACCESS_REJECTED(ErrorCategory.CONNECTION, "connections.md"),
    /** The database the URL names does not exist (3D000). */
    UNKNOWN_DATABASE(ErrorCategory.CONNECTION, "connections.md"),
    /** The user does not exist on the server (28000). */
    UNKNOWN_ROLE(ErrorCategory.CONNECTION, "connections.md"),
    /** Any other failure to connect; the finer codes above cover the common causes. */
    CONNECTION_FAILED(ErrorCategory.CONNECTION, "running.md"),
    CONNECTION_LOST(ErrorCategory.CONNECTION, "running.md"),
    LOCK_NOT_ACQUIRED(ErrorCategory.LOCK, "running.md"),
    LOCK_LOST(ErrorCategory.LOCK, "running.md"),
    CHECKSUM_MISMATCH(ErrorCategory.FAILURE, "running.md"),
    PARTIALLY_APPLIED(ErrorCategory.FAILURE, "running.md"),
    MIGRATION_FAILED(ErrorCategory.FAILURE, "running.md"),
    HISTORY_TOO_NEW(ErrorCategory.FAILURE, "running.md"),
    DATABASE_ERROR(ErrorCategory.FAILURE, "running.md"),
    PERMISSION_DENIED(ErrorCategory.FAILURE, "database.md"),
    DISK_FULL(ErrorCategory.FAILURE, "database.md"),
    OUT_OF_MEMORY(ErrorCategory.FAILURE, "database.md"),
    LOCK_TIMEOUT(ErrorCategory.LOCK, "database.md"),
    DEADLOCK(ErrorCategory.LOCK, "database.md"),
    STATEMENT_TIMEOUT(ErrorCategory.FAILURE, "database.md"),
    SERIALIZATION_FAILURE(ErrorCategory.FAILURE, "database.md"),
    READ_ONLY_DATABASE(ErrorCategory.FAILURE, "database.md"),
    OBJECT_EXISTS(ErrorCategory.FAILURE, "database.md"),
    INVALID_CONFIGURATION(ErrorCategory.INPUT, "configuration.md"),
    EMBEDDED_DATABASE_FAILED(ErrorCategory.CONNECTION, "configuration.md"),
    /** A schema snapshot's JSON that is malformed, edited into another shape, or of a newer format. */
    INVALID_SCHEMA_SNAPSHOT(ErrorCategory.INPUT, "schema.md"),
    /** {@code lint: error} in ferry.yaml, and a revision about to run has a lint error. */
    LINT_FAILED(ErrorCategory.FAILURE, "migrations.md"),
    /** An upgrade would drop a table, a column or rows that hold data, and {@code --allow-data-loss} was not given. */
    UPGRADE_LOSES_DATA(ErrorCategory.FAILURE, "rollback.md"),
    /** A downgrade would drop a table, a column or rows that hold data, and {@code --allow-data-loss} was not given. */
    DOWNGRADE_LOSES_DATA(ErrorCategory.FAILURE, "rollback.md");

    private final ErrorCategory category;
    private final String runbookPage;

    MigrationErrorCode(ErrorCategory category, String runbookPage) {
        this.category = category;
        this.runbookPage = runbookPage;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }

    @Override
    public String runbookPage() {
        return runbookPage;
    }
}
