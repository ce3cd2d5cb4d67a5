package io.ferry.migration.source.flyway;

import io.ferry.migration.graph.SqlBody;
import java.nio.file.Path;

/**
 * One file of a Flyway project.
 *
 * @param name          the parsed file name; null for a callback
 * @param file          the file
 * @param script        the path relative to the location, as {@code flyway_schema_history.script} holds it
 * @param rawText       the text as written
 * @param body          the text with placeholders replaced, split into statements
 * @param checksum      Flyway's checksum: of the raw text for versioned migrations, of the replaced text for
 *                      repeatables
 * @param transactional whether it runs in a transaction
 */
public record FlywayMigration(FlywayFileName name, Path file, String script, String rawText, SqlBody body,
                              int checksum, boolean transactional) {
}
