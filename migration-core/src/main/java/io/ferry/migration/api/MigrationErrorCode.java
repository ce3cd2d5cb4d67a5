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
    CONNECTION_FAILED(ErrorCategory.CONNECTION, "running.md"),
    CONNECTION_LOST(ErrorCategory.CONNECTION, "running.md"),
    LOCK_NOT_ACQUIRED(ErrorCategory.LOCK, "running.md"),
    LOCK_LOST(ErrorCategory.LOCK, "running.md"),
    CHECKSUM_MISMATCH(ErrorCategory.FAILURE, "running.md"),
    PARTIALLY_APPLIED(ErrorCategory.FAILURE, "running.md"),
    MIGRATION_FAILED(ErrorCategory.FAILURE, "running.md"),
    HISTORY_TOO_NEW(ErrorCategory.FAILURE, "running.md"),
    DATABASE_ERROR(ErrorCategory.FAILURE, "running.md"),
    INVALID_CONFIGURATION(ErrorCategory.INPUT, "configuration.md"),
    EMBEDDED_DATABASE_FAILED(ErrorCategory.CONNECTION, "configuration.md");

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
