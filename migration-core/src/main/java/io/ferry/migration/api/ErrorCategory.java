package io.ferry.migration.api;

/**
 * What kind of trouble an error is. The command line maps each category to its exit code, so the
 * set is closed and the mapping is stable.
 */
public enum ErrorCategory {
    /** The input is wrong: a malformed migration file, an unknown target, a bad flag. Exit code 2. */
    INPUT(2),
    /** The operation ran and failed, or a check found a problem. Exit code 1. */
    FAILURE(1),
    /** The database could not be reached or refused the credentials. Exit code 3. */
    CONNECTION(3),
    /** A lock the work needs (the migration lock, or another advisory lock) is held by another session. Exit code 4. */
    LOCK(4);

    private final int exitCode;

    ErrorCategory(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The command line's exit code for errors of this category. */
    public int exitCode() {
        return exitCode;
    }
}
