package io.ferry.backfill;

import java.util.Objects;

/**
 * One job as a project declares it under {@code backfills:} in {@code ferry.yaml}: its name, its type
 * (a built-in type or a {@link BackfillJob} found through {@code ServiceLoader}), and the rest of its keys.
 */
public record JobDefinition(String name, String type, JobOptions options) {

    public JobDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
    }
}
