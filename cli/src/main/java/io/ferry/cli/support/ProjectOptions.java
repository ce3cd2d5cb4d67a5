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

    @Option(names = "--flyway", order = 13,
            description = "Read the folders as a Flyway project (V1__x.sql, U1__x.sql, R__x.sql) and keep the history"
                    + " in flyway_schema_history, where Flyway can read it (default: 'format' in ferry.yaml).")
    boolean flyway;

    @Option(names = "--ignore-misnamed", order = 15,
            description = "For Flyway projects: skip .sql files not named as migrations, as Flyway does, instead of"
                    + " stopping with an error that names them.")
    boolean ignoreMisnamed;

    @Option(names = "--placeholder", paramLabel = "NAME=VALUE", order = 14,
            description = "A value for a Flyway ${NAME} placeholder; repeatable (added to 'placeholders' in"
                    + " ferry.yaml).")
    java.util.Map<String, String> placeholders;

    @Option(names = "--schema", paramLabel = "SCHEMA", order = 12,
            description = "Schema of Ferry's history tables (default: 'schema' in ferry.yaml, then public).")
    String schema;
}
