package io.ferry.cli;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.source.nativesql.NativeSqlSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the migrations are: the options every command that reads them shares. */
public class ProjectOptions {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:FERRY_DIR:-migrations}", split = ",",
            description = "Folder of migration files; repeat for several (default: ${DEFAULT-VALUE},"
                    + " or $FERRY_DIR).")
    List<Path> dirs = new ArrayList<>();

    /** Reads every location and builds the revision graph. */
    RevisionGraph graph() {
        List<Revision> revisions = new ArrayList<>();
        for (Path dir : dirs) {
            revisions.addAll(new NativeSqlSource(dir).load());
        }
        return RevisionGraph.of(revisions);
    }
}
