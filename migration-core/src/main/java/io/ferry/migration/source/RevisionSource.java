package io.ferry.migration.source;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.graph.Revision;
import java.util.List;

/**
 * Where revisions come from: a folder of native SQL files, a Flyway project, Java classes, or anything
 * a plug-in provides (found through {@link java.util.ServiceLoader}).
 */
public interface RevisionSource {

    /**
     * Reads every revision, in a stable order (the order breaks ties in the graph's topological order).
     *
     * @throws io.ferry.migration.api.FerryException naming the file and line of anything malformed
     */
    List<Revision> load();

    /** Says what this source reads, for messages: for example {@code native SQL files in migrations}. */
    String describe();
}
