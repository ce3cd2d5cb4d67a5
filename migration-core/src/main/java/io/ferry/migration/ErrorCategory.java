package io.ferry.migration;

/**
 * What kind of trouble an error is. The command line maps each category to its exit code, so the
 * set is closed and the mapping is stable.
 */
public enum ErrorCategory {
    /** The input is wrong: a malformed migration file, an unknown target, a bad flag. Exit code 2. */
    INPUT,
    /** The operation ran and failed, or a check found a problem. Exit code 1. */
    FAILURE,
    /** The database could not be reached or refused the credentials. Exit code 3. */
    CONNECTION,
    /** The migration lock, or a backfill job's lock, is held by another session. Exit code 4. */
    LOCK
}
