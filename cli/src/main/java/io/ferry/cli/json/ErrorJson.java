package io.ferry.cli.json;

import io.ferry.migration.api.ErrorCode;

/**
 * A failed command run with {@code --json}: the error lines of stderr as one document on stdout, and
 * nothing else there.
 *
 * @param error what failed
 */
public record ErrorJson(Detail error) {

    /**
     * @param code     the error code's id, as in {@code error[<code>]}
     * @param message  the cause, one line
     * @param hint     what to do, in the command line's words; null when there is nothing to add
     * @param runbook  the runbook section, as the {@code see:} line gives it
     * @param sqlstate the SQLSTATE PostgreSQL reported, or null when the database reported nothing
     * @param exitCode the command's exit code
     */
    public record Detail(String code, String message, String hint, String runbook, String sqlstate, int exitCode) {
    }

    public static ErrorJson of(ErrorCode code, String message, String hint, String runbook, String sqlState) {
        return new ErrorJson(new Detail(code.id(), message, hint == null || hint.isEmpty() ? null : hint, runbook,
                sqlState, code.exitCode()));
    }
}
