package io.ferry.backfill;

import io.ferry.migration.api.FerryException;
import java.sql.SQLException;

/**
 * A type of backfill job, found through {@link java.util.ServiceLoader}: a project's {@code ferry.yaml}
 * declares jobs of this type under {@code backfills:} with {@code type: <type()>}. The built-in types
 * (hash, json-normalize, seed, orphan-cleanup) are found the same way.
 *
 * <p>To write one, read the job's keys from {@link JobContext#options()}, check the table and columns
 * against the catalog with the context's helpers, and return the work; {@link SqlUpdate} covers most
 * jobs: a set-based {@code UPDATE} per batch whose dry run uses the same predicate. List the class in
 * {@code META-INF/services/io.ferry.backfill.BackfillJob} on the class path.
 */
public interface BackfillJob {

    /** The name used as {@code type:} in {@code ferry.yaml}, for example {@code lowercase-emails}. */
    String type();

    /**
     * Reads and checks the job's settings against the database's catalog and prepares its work. Runs in a
     * read-only transaction: it must not change anything.
     *
     * @throws io.ferry.migration.api.FerryException {@code invalid-backfill} for settings that cannot work
     */
    BatchWork prepare(JobContext context) throws SQLException;
}
