package io.ferry.migration.source.nativesql;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.source.RevisionSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Reads native Ferry migrations: every {@code .sql} file under a folder (sub-folders included, hidden
 * ones skipped), one revision per file, described by its {@code -- ferry:} header. File names are free;
 * {@code YYYYMMDD_HHMM_<rev>_<slug>.sql} is recommended because it sorts by creation time.
 */
public final class NativeSqlSource implements RevisionSource {

    private final Path location;

    public NativeSqlSource(Path location) {
        this.location = Objects.requireNonNull(location, "location");
    }

    @Override
    public List<Revision> load() {
        if (!Files.isDirectory(location)) {
            throw new FerryException(MigrationErrorCode.MIGRATION_LOCATION_MISSING,
                    "migration folder " + location + " does not exist"
                            + (Files.exists(location) ? " (it is a file, not a folder)" : ""),
                    Remedy.of("create it, or point Ferry at your migrations with ", MigrationRemedy.LOCATIONS));
        }
        List<Path> files = sqlFiles(location);
        // Reading and parsing thousands of files is most of what a read-only command does, so the files are
        // read in parallel; a bad file is reported as a sequential read would: the first one in path order.
        Object[] parsed = new Object[files.size()];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            try {
                parsed[i] = NativeFileParser.parse(files.get(i));
            } catch (RuntimeException e) {
                parsed[i] = e;
            }
        });
        List<Revision> revisions = new ArrayList<>(parsed.length);
        for (Object one : parsed) {
            if (one instanceof RuntimeException e) {
                throw e;
            }
            revisions.add((Revision) one);
        }
        return revisions;
    }

    @Override
    public String describe() {
        return "native SQL migrations in " + location;
    }

    /**
     * The {@code .sql} files under a folder, sub-folders included and hidden ones (a name starting with
     * {@code .}) skipped, in path order.
     */
    public static List<Path> sqlFiles(Path location) {
        List<Path> files = new ArrayList<>();
        try {
            // One walk that reads each entry's attributes once: hidden folders are not entered at all.
            Files.walkFileTree(location, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(location) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    // A link to a file counts as the file, as it always has.
                    boolean regular = attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(file);
                    if (regular && !isHidden(file)
                            && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sql")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    throw e;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new FerryException(MigrationErrorCode.MIGRATION_LOCATION_MISSING,
                    "cannot read migration folder " + location + ": " + e.getMessage(),
                    "check that the folder exists and is readable");
        }
        files.sort(null);
        return files;
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }
}
