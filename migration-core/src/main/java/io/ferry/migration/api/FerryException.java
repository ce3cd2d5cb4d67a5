package io.ferry.migration.api;

import java.util.Objects;

/**
 * The one exception family of Ferry. Every instance carries a stable {@link ErrorCode}, a one-line
 * message naming the cause, and a hint saying what to do about it.
 */
public class FerryException extends RuntimeException {

    private final ErrorCode code;
    private final String hint;

    public FerryException(ErrorCode code, String message, String hint) {
        this(code, message, hint, null);
    }

    public FerryException(ErrorCode code, String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.hint = hint == null ? "" : hint;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorCategory category() {
        return code.category();
    }

    /** What the operator can do about it; empty when there is nothing useful to add. */
    public String hint() {
        return hint;
    }

    /** The runbook section covering this error. */
    public String runbook() {
        return code.runbook();
    }
}
