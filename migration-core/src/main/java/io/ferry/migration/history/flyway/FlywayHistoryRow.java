package io.ferry.migration.history.flyway;

import io.ferry.migration.source.flyway.FlywayVersion;
import java.time.Instant;
import java.util.Optional;

/** One row of {@code flyway_schema_history}, as Flyway writes it. */
public record FlywayHistoryRow(int installedRank, Optional<FlywayVersion> version, String description, String type,
                               String script, Optional<Integer> checksum, String installedBy, Instant installedOn,
                               int executionTime, boolean success) {

    public boolean isBaseline() {
        return type.equals("BASELINE");
    }
}
