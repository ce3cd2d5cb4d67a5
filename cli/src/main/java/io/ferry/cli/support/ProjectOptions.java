package io.ferry.cli.support;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the project is: the options of every command that reads migrations. */
public class ProjectOptions {

    @Option(names = "--dir", paramLabel = "DIR", split = ",", order = 10,
            description = "Folder of migration files; repeat it, or separate folders with commas, for several."
                    + " Default: $FERRY_DIR, then 'dirs' in ferry.yaml, then the migrations folder here.")
    List<Path> dirs;

    @Option(names = "--config", paramLabel = "FILE", order = 11,
            description = "Project file to read (default: ferry.yaml in the current directory, if present).")
    Path config;

    @Option(names = "--schema", paramLabel = "SCHEMA", order = 12,
            description = "Schema of Ferry's history tables (default: 'schema' in ferry.yaml, then public).")
    String schema;
}
