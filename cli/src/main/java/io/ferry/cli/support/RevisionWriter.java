package io.ferry.cli.support;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.source.flyway.FlywayVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Writes a new migration file: a native one, named {@code YYYYMMDD_HHMM_<rev>_<slug>.sql}, or the next
 * version of a Flyway project.
 */
public final class RevisionWriter {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmm", Locale.ROOT);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RevisionWriter() {
    }

    /** A fresh 12-hex-digit id no revision of the graph has. */
    public static String freshId(RevisionGraph graph) {
        while (true) {
            byte[] bytes = new byte[6];
            RANDOM.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (graph.find(id).isEmpty()) {
                return id;
            }
        }
    }

    /**
     * Writes the file into {@code dir} (created if missing) and returns its path.
     *
     * @param parents empty for a new base
     */
    public static Path write(Path dir, String id, List<String> parents, String message, List<String> branchLabels,
                             List<String> dependsOn, boolean merge) {
        StringBuilder text = new StringBuilder();
        text.append("-- ferry:revision ").append(id).append('\n');
        text.append("-- ferry:revises ").append(parents.isEmpty() ? "base" : String.join(" ", parents)).append('\n');
        text.append("-- ferry:message ").append(message.replaceAll("\\R", " ").strip()).append('\n');
        if (!branchLabels.isEmpty()) {
            text.append("-- ferry:branch-labels ").append(String.join(" ", branchLabels)).append('\n');
        }
        if (!dependsOn.isEmpty()) {
            text.append("-- ferry:depends-on ").append(String.join(" ", dependsOn)).append('\n');
        }
        text.append('\n');
        if (merge) {
            text.append("-- A merge revision: it joins the branches above and usually has nothing to do.\n");
        }
        text.append("-- ferry:up\n\n");
        text.append("-- ferry:down\n\n");
        Path file = dir.resolve(STAMP.format(LocalDateTime.now()) + "_" + id + "_" + slug(message) + ".sql");
        return create(file, text.toString(), "choose another --rev-id or message");
    }

    /**
     * Writes the next migration of a Flyway project, {@code V<n>__<Description>.sql}, where {@code n} is
     * one more than the first part of the highest version (after {@code V1_2}, {@code V2}), and returns
     * its path.
     */
    public static Path writeFlyway(Path dir, RevisionGraph graph, String message) {
        java.math.BigInteger highest = java.math.BigInteger.ZERO;
        for (var revision : graph.revisions()) {
            try {
                highest = highest.max(FlywayVersion.parse(revision.id()).parts().get(0));
            } catch (IllegalArgumentException notAVersion) {
                // a repeatable migration: no version
            }
        }
        String description = message.strip().replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
        Path file = dir.resolve("V" + highest.add(java.math.BigInteger.ONE) + "__"
                + (description.isEmpty() ? "migration" : description) + ".sql");
        return create(file, "-- " + message.replaceAll("\\R", " ").strip() + "\n\n", "choose another message");
    }

    /** Writes a new file, never over an existing one, creating its folder if missing. */
    private static Path create(Path file, String text, String ifExists) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text, java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, file + " exists already", ifExists);
        } catch (IOException e) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "cannot write " + file + ": " + e.getMessage(),
                    "check that the migrations folder is writable");
        }
    }

    /** The message as a file-name part: lower case, words joined by '_', at most 40 characters. */
    static String slug(String message) {
        String slug = message.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("_+$", "");
        }
        return slug.isEmpty() ? "revision" : slug;
    }
}
