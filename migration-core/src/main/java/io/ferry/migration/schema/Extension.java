package io.ferry.migration.schema;

import java.util.Objects;

/**
 * An installed extension. The objects it creates are not part of the snapshot: the extension stands for
 * them.
 *
 * @param name    its name, {@code pgcrypto}
 * @param schema  the schema it was installed in
 * @param version the version installed
 */
public record Extension(String name, String schema, String version) {

    public Extension {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(version, "version");
    }
}
