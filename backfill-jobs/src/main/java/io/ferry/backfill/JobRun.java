package io.ferry.backfill;

/**
 * One invocation of a job, ready to go: its declaration, its work prepared on the database, and how this
 * invocation runs it.
 */
record JobRun(JobDefinition job, BatchWork work, RunSettings settings, BatchLimits limits, RunControl control) {

    /** The job's name. */
    String name() {
        return job.name();
    }
}
