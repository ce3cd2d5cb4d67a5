package io.ferry.migration.source.flyway;

import io.ferry.migration.graph.Revision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Flyway project read from disk: versioned migrations in version order, undo migrations by version,
 * repeatable migrations in description order, and callbacks.
 */
public record FlywayProject(List<FlywayMigration> versioned, Map<FlywayVersion, FlywayMigration> undo,
                            List<FlywayMigration> repeatables, List<FlywayMigration> callbacks) {

    /**
     * The versioned migrations as a linear chain of revisions: each revises the one with the next lower
     * version, its id is its version with dots as underscores, and its {@code U} file is its down body.
     */
    public List<Revision> revisions() {
        List<Revision> revisions = new ArrayList<>();
        String parent = null;
        for (FlywayMigration m : versioned) {
            FlywayVersion version = m.name().version().orElseThrow();
            Revision.Builder b = Revision.builder(version.revisionId())
                    .message(m.name().description())
                    .up(m.body())
                    .down(undo.containsKey(version) ? undo.get(version).body() : null)
                    .transactional(m.transactional())
                    .checksum(Integer.toString(m.checksum()))
                    .origin(m.file().toString());
            if (parent != null) {
                b.parents(parent);
            }
            revisions.add(b.build());
            parent = version.revisionId();
        }
        return revisions;
    }
}
