package io.ferry.cli.json;

import io.ferry.migration.history.flyway.FlywayInfo;
import java.util.List;

/** {@code info}: every migration of a Flyway project, applied or not, as Flyway's info lists them. */
public record InfoJson(List<Migration> migrations) {

    public record Migration(String version, String description, String type, Integer checksum, String state,
                            String installedOn) {
    }

    public static InfoJson of(List<FlywayInfo.Entry> entries) {
        return new InfoJson(entries.stream().map(e -> new Migration(e.version().orElse(null), e.description(),
                e.type(), e.checksum().orElse(null), e.state(), e.installedOn().map(Object::toString).orElse(null)))
                .toList());
    }
}
