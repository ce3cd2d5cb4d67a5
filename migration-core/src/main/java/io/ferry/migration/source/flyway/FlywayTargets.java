package io.ferry.migration.source.flyway;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import java.util.Optional;

/**
 * Flyway names versions ({@code 1.2}); the revision graph names revisions ({@code 1_2}). A Flyway project's
 * targets may be either.
 */
public final class FlywayTargets {

    private FlywayTargets() {
    }

    /**
     * The revision a Flyway version names ({@code 1.0} and {@code 1} are one version); any other target
     * ({@code -1}, {@code heads}, {@code 1_2+1}) passes through unchanged, to be read by the target grammar.
     *
     * @throws FerryException {@link MigrationErrorCode#UNKNOWN_REVISION} for a version no migration has
     */
    public static String toRevision(RevisionGraph graph, String target) {
        FlywayVersion version;
        try {
            version = FlywayVersion.parse(target.strip());
        } catch (IllegalArgumentException notAVersion) {
            return target;
        }
        for (Revision r : graph.revisions()) {
            if (versionOf(r).filter(version::equals).isPresent()) {
                return r.id();
            }
        }
        throw new FerryException(MigrationErrorCode.UNKNOWN_REVISION, "no migration has version " + target,
                Remedy.of("list the versions with: ", MigrationRemedy.SHOW_VERSIONS));
    }

    /** The version of a revision read from a Flyway file; empty for one from another source. */
    private static Optional<FlywayVersion> versionOf(Revision r) {
        try {
            return Optional.of(FlywayVersion.parse(r.id()));
        } catch (IllegalArgumentException notAVersion) {
            return Optional.empty();
        }
    }
}
