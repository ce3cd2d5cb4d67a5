package io.ferry.migration.exec;

/**
 * What a run does with a revision that runs statement by statement and that an earlier run left half
 * done: some statements ran (and stay applied, since they ran outside a transaction), then one failed.
 */
public enum PartialPolicy {
    /** Stop and tell the operator which statement failed and how to recover. The default. */
    REFUSE,
    /** Continue with the statement that failed: the operator has fixed its cause. */
    RESUME,
    /** Run the revision from its first statement: the operator has undone what ran. */
    RESTART
}
