package io.ferry.migration.history.flyway;

import io.ferry.migration.source.flyway.FlywayMigration;
import io.ferry.migration.source.flyway.FlywayProject;
import io.ferry.migration.source.flyway.FlywayVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Flyway's {@code info} shows: every migration, applied or not, with its state, from the project's
 * files and {@code flyway_schema_history}. States carry Flyway's names ({@code Success}, {@code Pending},
 * {@code Failed}, {@code Missing}, {@code Ignored}, {@code Outdated}, {@code Superseded}, {@code Baseline},
 * {@code Below Baseline}, {@code Ignored (Baseline)}).
 */
public final class FlywayInfo {

    /** One line of {@code info}. */
    public record Entry(Optional<String> version, String description, String type, String script,
                        Optional<Integer> checksum, String state, Optional<Instant> installedOn,
                        Optional<Integer> installedRank) {
    }

    private FlywayInfo() {
    }

    public static List<Entry> compute(FlywayProject project, List<FlywayHistoryRow> rows) {
        List<Entry> entries = new ArrayList<>();
        Map<FlywayVersion, FlywayMigration> resolved = new LinkedHashMap<>();
        project.versioned().forEach(m -> resolved.put(m.name().version().orElseThrow(), m));
        Optional<FlywayVersion> baseline = rows.stream().filter(FlywayHistoryRow::isBaseline)
                .flatMap(r -> r.version().stream()).max(FlywayVersion::compareTo);
        FlywayVersion current = rows.stream().filter(FlywayHistoryRow::success)
                .flatMap(r -> r.version().stream()).max(FlywayVersion::compareTo).orElse(null);

        // Repeatables: the latest row of each description is current, earlier ones are superseded.
        Map<String, FlywayMigration> repeatables = new HashMap<>();
        project.repeatables().forEach(m -> repeatables.put(m.name().description(), m));
        Map<String, Integer> latestRepeatableRank = new HashMap<>();
        rows.stream().filter(r -> r.version().isEmpty() && r.success())
                .forEach(r -> latestRepeatableRank.merge(r.description(), r.installedRank(), Math::max));

        Set<FlywayVersion> applied = new HashSet<>();
        for (FlywayHistoryRow row : rows) {
            String state;
            if (row.version().isPresent()) {
                FlywayVersion v = row.version().get();
                applied.add(v);
                if (row.isBaseline()) {
                    state = "Baseline";
                } else if (!resolved.containsKey(v)) {
                    state = row.success() ? "Missing" : "Failed (Missing)";
                } else {
                    state = row.success() ? "Success" : "Failed";
                }
            } else {
                FlywayMigration file = repeatables.get(row.description());
                boolean latest = latestRepeatableRank.getOrDefault(row.description(), -1) == row.installedRank();
                if (!row.success()) {
                    state = "Failed";
                } else if (!latest) {
                    state = "Superseded";
                } else if (file == null) {
                    state = "Missing";
                } else if (!java.util.Objects.equals(row.checksum().orElse(null), file.checksum())) {
                    state = "Outdated";
                } else {
                    state = "Success";
                }
            }
            entries.add(new Entry(row.version().map(FlywayVersion::text), row.description(), row.type(), row.script(),
                    row.checksum(), state, Optional.of(row.installedOn()), Optional.of(row.installedRank())));
        }
        for (Map.Entry<FlywayVersion, FlywayMigration> e : resolved.entrySet()) {
            if (baseline.isPresent() && e.getKey().equals(baseline.get())) {
                entries.add(pending(e.getValue(), e.getKey().text(), "Ignored (Baseline)"));
                continue;
            }
            if (applied.contains(e.getKey())) {
                continue;
            }
            String state;
            if (baseline.isPresent() && e.getKey().compareTo(baseline.get()) < 0) {
                state = "Below Baseline";
            } else if (current != null && e.getKey().compareTo(current) < 0) {
                state = "Ignored";
            } else {
                state = "Pending";
            }
            entries.add(pending(e.getValue(), e.getKey().text(), state));
        }
        for (FlywayMigration m : project.repeatables()) {
            Integer rank = latestRepeatableRank.get(m.name().description());
            boolean upToDate = rank != null && rows.stream().anyMatch(r -> r.installedRank() == rank
                    && java.util.Objects.equals(r.checksum().orElse(null), m.checksum()));
            if (!upToDate) {
                entries.add(pending(m, null, "Pending"));
            }
        }
        return entries;
    }

    private static Entry pending(FlywayMigration m, String version, String state) {
        return new Entry(Optional.ofNullable(version), m.name().description(), m.type(), m.script(),
                Optional.ofNullable(m.checksum()), state, Optional.empty(), Optional.empty());
    }
}
