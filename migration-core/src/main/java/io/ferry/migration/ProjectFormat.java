package io.ferry.migration;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.source.FerryHeader;
import io.ferry.migration.source.flyway.FlywayFileName;
import io.ferry.migration.source.nativesql.NativeSqlSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The two formats a project's migration folders can be in, and how to tell them apart from the files
 * alone: a native migration starts with a {@code -- ferry:} header whatever its name; a Flyway migration
 * has no such header and a Flyway name ({@code V1__x.sql}, {@code U1__x.sql}, {@code R__x.sql}, or a
 * callback such as {@code beforeMigrate.sql}).
 */
public enum ProjectFormat {
    /** One {@code .sql} file per revision, each with a {@code -- ferry:} header. */
    NATIVE,
    /** Flyway's file names and {@code flyway_schema_history}. */
    FLYWAY;

    /**
     * Tells the folders' format from their {@code .sql} files: Flyway when no file has a {@code -- ferry:}
     * header and at least one has a Flyway name; native otherwise, an empty or missing folder included.
     * Only the names are read unless some file has a Flyway name; then each file's first lines, up to
     * its first line of SQL, are read too.
     *
     * @throws FerryException {@link MigrationErrorCode#MIXED_MIGRATION_FORMATS} when some files have a header and
     *                        others are Flyway migrations without one; the message names one of each
     */
    public static ProjectFormat detect(List<Path> folders) {
        List<Path> files = folders.stream().filter(Files::isDirectory) // reading the project reports the rest
                .flatMap(folder -> NativeSqlSource.sqlFiles(folder).stream()).toList();
        if (files.stream().noneMatch(f -> FlywayFileName.isFlywayFile(f.getFileName().toString()))) {
            return NATIVE; // no Flyway name: the names say it all, and no file needs opening
        }
        Optional<Path> nativeFile = Optional.empty();
        Optional<Path> flywayFile = Optional.empty();
        for (Path file : files) {
            if (FerryHeader.isPresent(file)) {
                nativeFile = nativeFile.or(() -> Optional.of(file));
            } else if (FlywayFileName.isFlywayFile(file.getFileName().toString())) {
                flywayFile = flywayFile.or(() -> Optional.of(file));
            }
            if (nativeFile.isPresent() && flywayFile.isPresent()) {
                throw new FerryException(MigrationErrorCode.MIXED_MIGRATION_FORMATS, "the migration folders mix two"
                        + " formats: " + nativeFile.get() + " is a native Ferry migration (it has a -- ferry:"
                        + " header), " + flywayFile.get() + " is a Flyway migration (a Flyway name, no header)",
                        "keep one format per project: give the Flyway file a -- ferry: header, or move one"
                                + " kind to a project of its own");
            }
        }
        return flywayFile.isPresent() ? FLYWAY : NATIVE;
    }
}
