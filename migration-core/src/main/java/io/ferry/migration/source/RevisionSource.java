package io.ferry.migration.source;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.graph.Revision;
import java.util.List;

/**
 * Where revisions come from: a folder of native SQL files, a Flyway project, or anything a plug-in
 * provides. A plug-in either passes its source to {@code FerryConfiguration.sources(...)}, or lists the
 * class (public, with a public constructor without parameters) in
 * {@code META-INF/services/io.ferry.migration.source.RevisionSource}, where the configuration's class
 * loader finds it through {@link java.util.ServiceLoader}. Service-loaded sources are read as well as the
 * migration folders, after the sources given in code.
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
