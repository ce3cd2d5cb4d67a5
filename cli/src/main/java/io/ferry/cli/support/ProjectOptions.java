package io.ferry.cli.support;

import io.ferry.workspace.ProjectSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the project is. Every command accepts these, before or after its name ({@code ferry --dir D
 * heads} and {@code ferry heads --dir D} are the same).
 */
public class ProjectOptions {

    /** The name under which commands mix these options in. */
    public static final String MIXIN = "project";

    @Option(names = "--dir", paramLabel = "DIR", split = ",", order = 10,
            description = "Folder of migration files; repeat it, or separate folders with commas, for several."
                    + " Default: $FERRY_DIR, then 'dirs' in ferry.yaml, then the migrations folder here.")
    List<Path> dirs;

    @Option(names = "--config", paramLabel = "FILE", order = 11,
            description = "Project file to read (default: $FERRY_CONFIG, then ferry.yaml in the current directory,"
                    + " if present).")
    Path config;

    @Option(names = "--schema", paramLabel = "SCHEMA", order = 12,
            description = "Schema of Ferry's history tables (default: 'schema' in ferry.yaml, then public).")
    String schema;

    @Option(names = "--flyway", order = 13,
            description = "Read the folders as a Flyway project (V1__x.sql, U1__x.sql, R__x.sql) and keep the history"
                    + " in flyway_schema_history, where Flyway can read it. Without it, a folder of Flyway-named"
                    + " files with no -- ferry: headers is read as one anyway ('format' in ferry.yaml forces either).")
    boolean flyway;

    @Option(names = "--placeholder", paramLabel = "NAME=VALUE", order = 14,
            description = "A value for a Flyway $${NAME} placeholder; repeatable (added to 'placeholders' in"
                    + " ferry.yaml).")
    Map<String, String> placeholders;

    @Option(names = "--ignore-misnamed", order = 15,
            description = "For Flyway projects: skip .sql files not named as migrations, as Flyway does, instead of"
                    + " stopping with an error that names them.")
    boolean ignoreMisnamed;

    /** These options as the workspace reads them. */
    public ProjectSettings settings() {
        return new ProjectSettings(dirs, config, schema, flyway, placeholders, ignoreMisnamed);
    }

    /** These options, with any not given here taken from {@code outer} (given before the command). */
    ProjectOptions over(ProjectOptions outer) {
        ProjectOptions merged = new ProjectOptions();
        merged.dirs = dirs != null && !dirs.isEmpty() ? dirs : outer.dirs;
        merged.config = config != null ? config : outer.config;
        merged.schema = schema != null ? schema : outer.schema;
        merged.flyway = flyway || outer.flyway;
        merged.ignoreMisnamed = ignoreMisnamed || outer.ignoreMisnamed;
        if (outer.placeholders != null || placeholders != null) {
            merged.placeholders = new LinkedHashMap<>();
            if (outer.placeholders != null) {
                merged.placeholders.putAll(outer.placeholders);
            }
            if (placeholders != null) {
                merged.placeholders.putAll(placeholders);
            }
        }
        return merged;
    }
}
