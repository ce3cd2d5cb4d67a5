package io.ferry.migration.source.flyway;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.source.NewFile;
import java.math.BigInteger;
import java.nio.file.Path;

/** Writes the next migration of a Flyway project: {@code V<n>__<Description>.sql}. */
public final class FlywayFileWriter {

    private FlywayFileWriter() {
    }

    /**
     * Writes the next versioned migration into {@code folder}, where {@code n} is one more than the first
     * part of the highest version (after {@code V1_2}, {@code V2}), with {@code message} as its first
     * line, a comment, and returns its path.
     *
     * @throws FerryException when such a file exists already, or cannot be written
     */
    public static Path writeNext(Path folder, RevisionGraph graph, String message) {
        BigInteger highest = BigInteger.ZERO;
        for (Revision revision : graph.revisions()) {
            try {
                highest = highest.max(FlywayVersion.parse(revision.id()).parts().get(0));
            } catch (IllegalArgumentException notAVersion) {
                // a repeatable migration: no version
            }
        }
        String description = message.strip().replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
        Path file = folder.resolve("V" + highest.add(BigInteger.ONE) + "__"
                + (description.isEmpty() ? "migration" : description) + ".sql");
        return NewFile.create(file, "-- " + message.replaceAll("\\R", " ").strip() + "\n\n",
                Remedy.text("choose another message"));
    }
}
