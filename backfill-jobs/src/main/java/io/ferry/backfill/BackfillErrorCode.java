package io.ferry.backfill;

import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.ErrorCode;

/** The codes of the errors backfills report; each names its section of docs/runbooks/backfills.md. */
public enum BackfillErrorCode implements ErrorCode {
    UNKNOWN_BACKFILL(ErrorCategory.INPUT),
    INVALID_BACKFILL(ErrorCategory.INPUT),
    BACKFILL_DEFINITION_CHANGED(ErrorCategory.INPUT),
    BACKFILL_RUNNING(ErrorCategory.LOCK),
    BACKFILL_LOCK_LOST(ErrorCategory.LOCK),
    BACKFILL_FAILED(ErrorCategory.FAILURE);

    private final ErrorCategory category;

    BackfillErrorCode(ErrorCategory category) {
        this.category = category;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }

    @Override
    public String runbookPage() {
        return "backfills.md";
    }
}
