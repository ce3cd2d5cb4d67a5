package io.ferry.backfill;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** How a job's work is cut into batches: usually a table's key ({@link KeysetWalker}). */
public interface Walker {

    /**
     * The next batch after {@code after} of at most {@code limit} rows, or empty when nothing is left.
     * Runs in the batch's transaction. The batch's work covers the key range the cut found, whatever
     * rows are in it by then (each statement sees the rows committed when it starts): a row inserted
     * into the range meanwhile is included, one inserted behind the checkpoint is not visited.
     */
    Optional<Batch> next(Connection c, Optional<List<String>> after, int limit) throws SQLException;

    /** About how many rows there are to walk, for progress and ETA; empty when unknown. Reads only. */
    Optional<Long> estimate(Connection c) throws SQLException;

    /** The names of the cursor's parts (the key columns), for reports. */
    List<String> keyNames();
}
