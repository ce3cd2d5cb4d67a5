package io.ferry.workspace;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the project is, as the user gave it (on a command line, or however a tool asks): every field is
 * null, or false, when not given. {@link Workspace} fills the gaps from the environment, then from the
 * project file, then from the defaults.
 *
 * @param dirs           the folders of migration files ({@code --dir}), or null
 * @param config         the project file to read ({@code --config}), or null for $FERRY_CONFIG, then
 *                       {@code ferry.yaml} in the current folder, if present
 * @param schema         the schema of Ferry's history tables ({@code --schema}), or null
 * @param flyway         read the folders as a Flyway project ({@code --flyway})
 * @param placeholders   values for Flyway placeholders ({@code --placeholder}), added to the project
 *                       file's; or null
 * @param ignoreMisnamed skip {@code .sql} files not named as Flyway migrations ({@code --ignore-misnamed})
 */
public record ProjectSettings(List<Path> dirs, Path config, String schema, boolean flyway,
                              Map<String, String> placeholders, boolean ignoreMisnamed) {

    /** Nothing given: everything comes from the environment, the project file or the defaults. */
    public static final ProjectSettings NONE = new ProjectSettings(null, null, null, false, null, false);

    public ProjectSettings {
        dirs = dirs == null ? null : List.copyOf(dirs);
        placeholders = placeholders == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(placeholders));
    }
}
