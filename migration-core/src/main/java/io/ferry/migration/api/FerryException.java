package io.ferry.migration.api;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The one exception family of Ferry. Every instance carries a stable {@link ErrorCode}, a one-line
 * message naming the cause, and a {@link Remedy} saying what to do about it. The remedy names its actions
 * from a closed vocabulary, so that each front end words them in its own terms; {@link #hint()} gives
 * it in a library user's terms.
 */
public class FerryException extends RuntimeException {

    private final ErrorCode code;
    private final Remedy remedy;

    public FerryException(ErrorCode code, String message, String hint) {
        this(code, message, Remedy.text(hint), null);
    }

    public FerryException(ErrorCode code, String message, String hint, Throwable cause) {
        this(code, message, Remedy.text(hint), cause);
    }

    public FerryException(ErrorCode code, String message, Remedy remedy) {
        this(code, message, remedy, null);
    }

    public FerryException(ErrorCode code, String message, Remedy remedy, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.remedy = remedy == null ? Remedy.text("") : remedy;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorCategory category() {
        return code.category();
    }

    /**
     * What the operator can do about it, in a library user's terms (the {@code FerryConfiguration} and
     * {@code Ferry} methods); empty when there is nothing useful to add.
     */
    public String hint() {
        return remedy.toString();
    }

    /** What the operator can do about it, with its actions named, for front ends to word their own way. */
    public Remedy remedy() {
        return remedy;
    }

    /** The runbook section covering this error. */
    public String runbook() {
        return code.runbook();
    }

    /**
     * The SQLSTATE PostgreSQL (or its driver) reported for the failure behind this error: that of the first
     * {@link SQLException} among its causes that has one; empty for errors that did not come from the database.
     */
    public Optional<String> sqlState() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null) {
                return Optional.of(e.getSQLState());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
