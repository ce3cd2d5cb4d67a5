package io.ferry.cli.commands;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.source.flyway.FlywayVersion;

/** Flyway's commands name versions ({@code 1.2}); the engine names revisions ({@code 1_2}). */
final class FlywayTargets {

    private FlywayTargets() {
    }

    /**
     * The revision a Flyway version names (1.0 and 1 are one version); other targets ({@code -1},
     * {@code head}) pass through.
     */
    static String toRevision(Ferry ferry, String target) {
        FlywayVersion version;
        try {
            version = FlywayVersion.parse(target);
        } catch (IllegalArgumentException notAVersion) {
            return target;
        }
        for (Revision r : ferry.graph().revisions()) {
            if (FlywayVersion.parse(r.id()).equals(version)) {
                return r.id();
            }
        }
        throw new FerryException(MigrationErrorCode.UNKNOWN_REVISION, "no migration has version " + target,
                "list the versions with: ferry info");
    }
}
