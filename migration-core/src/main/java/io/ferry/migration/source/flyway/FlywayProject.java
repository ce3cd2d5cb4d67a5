package io.ferry.migration.source.flyway;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Flyway project read from disk: versioned migrations in version order, undo migrations by version,
 * repeatable migrations in description order, and callbacks.
 */
public record FlywayProject(List<FlywayMigration> versioned, Map<FlywayVersion, FlywayMigration> undo,
                            List<FlywayMigration> repeatables, List<FlywayMigration> callbacks) {

    /**
     * Checks now the one thing that could make the chain of {@link #revisions()} malformed, a version too long
     * for a revision id, so that the chain can be built later, only when a command needs it.
     */
    public FlywayProject {
        for (FlywayMigration m : versioned) {
            String version = m.name().version().orElseThrow().text(); // as long as its revision id
            if (version.length() > Revision.MAX_ID_LENGTH) {
                throw new io.ferry.migration.api.FerryException(io.ferry.migration.api.MigrationErrorCode.INVALID_REVISION_ID,
                        m.file() + ": version " + version + " is " + version.length()
                                + " characters long; the limit is " + Revision.MAX_ID_LENGTH,
                        "use a shorter version");
            }
        }
    }

    /**
     * One project from several locations, as Flyway reads them together: versions must be unique across
     * all of them.
     */
    public static FlywayProject merge(List<FlywayProject> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        java.util.TreeMap<FlywayVersion, FlywayMigration> versioned = new java.util.TreeMap<>();
        Map<FlywayVersion, FlywayMigration> undo = new java.util.HashMap<>();
        List<FlywayMigration> repeatables = new ArrayList<>();
        List<FlywayMigration> callbacks = new ArrayList<>();
        for (FlywayProject part : parts) {
            for (FlywayMigration m : part.versioned()) {
                FlywayMigration earlier = versioned.putIfAbsent(m.name().version().orElseThrow(), m);
                if (earlier != null) {
                    throw new io.ferry.migration.api.FerryException(io.ferry.migration.api.MigrationErrorCode.DUPLICATE_REVISION,
                            "version " + m.name().version().get() + " is defined twice: in " + earlier.file()
                                    + " and in " + m.file(), "give one of them a new version");
                }
            }
            undo.putAll(part.undo());
            repeatables.addAll(part.repeatables());
            callbacks.addAll(part.callbacks());
        }
        repeatables.sort(java.util.Comparator.comparing(m -> m.name().description()));
        return new FlywayProject(List.copyOf(versioned.values()), Map.copyOf(undo), List.copyOf(repeatables),
                List.copyOf(callbacks));
    }

    /**
     * This project with Java migrations added: versioned ones join the chain in version order, those
     * without a version join the repeatables.
     */
    public FlywayProject withJava(List<io.ferry.migration.spi.JavaMigration> migrations) {
        if (migrations.isEmpty()) {
            return this;
        }
        java.util.TreeMap<FlywayVersion, FlywayMigration> all = new java.util.TreeMap<>();
        versioned.forEach(m -> all.put(m.name().version().orElseThrow(), m));
        List<FlywayMigration> repeatable = new ArrayList<>(repeatables);
        for (io.ferry.migration.spi.JavaMigration migration : migrations) {
            String className = migration.getClass().getName();
            Optional<FlywayVersion> version;
            try {
                version = migration.getVersion() == null ? Optional.empty() : Optional.of(FlywayVersion.parse(migration.getVersion()));
            } catch (IllegalArgumentException e) {
                throw new io.ferry.migration.api.FerryException(io.ferry.migration.api.MigrationErrorCode.INVALID_MIGRATION_FILE,
                        className + ": " + e.getMessage(), "return a version such as 1.2 from getVersion()");
            }
            FlywayFileName name = new FlywayFileName(version.isPresent() ? FlywayFileName.Kind.VERSIONED
                    : FlywayFileName.Kind.REPEATABLE, version, migration.getDescription());
            FlywayMigration m = new FlywayMigration(name, java.nio.file.Path.of(className), className, "",
                    new io.ferry.migration.graph.JavaBody(migration), migration.getChecksum(), migration.canExecuteInTransaction());
            if (version.isEmpty()) {
                repeatable.add(m);
                continue;
            }
            FlywayMigration earlier = all.putIfAbsent(version.get(), m);
            if (earlier != null) {
                throw new io.ferry.migration.api.FerryException(io.ferry.migration.api.MigrationErrorCode.DUPLICATE_REVISION,
                        "version " + version.get() + " is defined twice: in " + earlier.file() + " and in " + className,
                        "give one of them a new version");
            }
        }
        repeatable.sort(java.util.Comparator.comparing(m -> m.name().description()));
        return new FlywayProject(List.copyOf(all.values()), undo, List.copyOf(repeatable), callbacks);
    }

    /**
     * The versioned migrations as a linear chain of revisions: each revises the one with the next lower
     * version, its id is its version with dots as underscores, and its {@code U} file is its down body.
     */
    public List<Revision> revisions() {
        List<Revision> revisions = new ArrayList<>();
        String parent = null;
        for (FlywayMigration m : versioned) {
            FlywayVersion version = m.name().version().orElseThrow();
            String id = version.revisionId();
            FlywayMigration down = undo.isEmpty() ? null : undo.get(version);
            Revision.Builder b = Revision.builder(id)
                    .message(m.name().description())
                    .up(m.body())
                    .down(down == null ? null : down.body())
                    .transactional(m.transactional())
                    .checksum(m.checksumText())
                    .origin(m.file().toString());
            if (parent != null) {
                b.parents(parent);
            }
            revisions.add(b.build());
            parent = id;
        }
        return revisions;
    }
}
