package io.ferry.backfill;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A prepared job: how its rows are walked, and what one batch does. The runner calls {@link #apply}
 * inside the batch's transaction, next to the checkpoint. A dry run calls {@link #preview} with the same
 * batches inside a read-only transaction, so a preview cannot change anything even by mistake; it must
 * select exactly the rows {@code apply} would change.
 */
public interface BatchWork {

    Walker walker();

    /** Changes the batch's rows that need it; returns how many it changed. */
    BatchResult apply(Connection c, Batch batch) throws SQLException;

    /**
     * Counts the batch's rows that {@link #apply} would change, and returns up to {@code samples} of
     * them with their values before and after.
     */
    BatchResult preview(Connection c, Batch batch, int samples) throws SQLException;

    /**
     * What the job does, in the terms that decide which rows it changes and how (the table, the key,
     * the expressions). A paused run resumes only while this is unchanged.
     */
    Map<String, Object> definition();

    /**
     * What a batch writes, one statement in outline for each table ({@code UPDATE app.t SET ... WHERE ...}), so
     * that a batch refused a privilege names the {@code GRANT} it needs. Empty (the default) when the work cannot
     * say: a refused privilege is then reported as the server gave it.
     */
    default List<String> outline() {
        return List.of();
    }
}
