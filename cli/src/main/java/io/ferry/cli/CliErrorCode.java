package io.ferry.cli;

import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.ErrorCode;

/**
 * The codes of the errors the command line reports of its own: a line it cannot parse, a failure no
 * module foresaw, and (from the {@code ferry} launcher) no build to run. Each names its section of
 * docs/runbooks/command-line.md.
 */
public enum CliErrorCode implements ErrorCode {
    /** An unknown command or flag, a missing or malformed value: picocli could not parse the line. */
    INVALID_USAGE,
    /** An exception that is no {@link io.ferry.migration.api.FerryException}: a bug in Ferry. */
    INTERNAL_ERROR,
    /**
     * A side of {@code ferry schema diff} that is neither a database URL, a snapshot file nor
     * {@code migrations@REV}, or a snapshot file that cannot be read.
     */
    INVALID_SCHEMA_SOURCE,
    /** The {@code ferry} launcher found no build of the command line to run; the script reports it itself. */
    NOT_BUILT;

    @Override
    public ErrorCategory category() {
        return switch (this) {
            case INVALID_USAGE, INVALID_SCHEMA_SOURCE, NOT_BUILT -> ErrorCategory.INPUT;
            case INTERNAL_ERROR -> ErrorCategory.FAILURE;
        };
    }

    @Override
    public String runbookPage() {
        return "command-line.md";
    }
}
