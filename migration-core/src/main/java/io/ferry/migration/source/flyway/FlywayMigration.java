package io.ferry.migration.source.flyway;

import io.ferry.migration.graph.Body;
import io.ferry.migration.graph.JavaBody;
import java.nio.file.Path;

/**
 * One file of a Flyway project.
 *
 * @param name          the parsed file name; null for a callback
 * @param file          the file; for a Java migration, its class name as a path
 * @param script        the path relative to the location, as {@code flyway_schema_history.script} holds it
 *                      (a Java migration's class name)
 * @param rawText       the text as written (empty for a Java migration)
 * @param body          the text with placeholders replaced, split into statements when first needed (see
 *                      {@link io.ferry.migration.graph.SqlBody}); or the Java migration
 * @param checksum      Flyway's checksum: of the raw text for versioned migrations, of the replaced text for
 *                      repeatables; for a Java migration its own, or null
 * @param transactional whether it runs in a transaction
 */
public record FlywayMigration(FlywayFileName name, Path file, String script, String rawText, Body body,
                              Integer checksum, boolean transactional) {

    /** The {@code type} column: {@code SQL}, or {@code JDBC} for a Java migration. */
    public String type() {
        return body instanceof JavaBody ? "JDBC" : "SQL";
    }

    /** The checksum as Ferry records it on a revision: the number, or empty. */
    public String checksumText() {
        return checksum == null ? "" : Integer.toString(checksum);
    }
}
