package io.ferry.migration.graph;

import io.ferry.migration.spi.JavaMigration;
import java.util.Objects;

/** A body written in Java. */
public record JavaBody(JavaMigration migration) implements Body {
    public JavaBody {
        Objects.requireNonNull(migration, "migration");
    }
}
