package io.ferry.migration.schema;

import java.util.List;
import java.util.Objects;

/**
 * A row-level security policy.
 *
 * @param permissive whether it is {@code PERMISSIVE} (else {@code RESTRICTIVE})
 * @param command    {@code ALL}, {@code SELECT}, {@code INSERT}, {@code UPDATE} or {@code DELETE}
 * @param roles      the roles it applies to, sorted; {@code public} for every role
 * @param using      its {@code USING} expression, null when it has none
 * @param withCheck  its {@code WITH CHECK} expression, null when it has none
 * @param comment    its comment, null when it has none
 */
public record Policy(String schema, String table, String name, boolean permissive, String command,
                     List<String> roles, String using, String withCheck, String comment) {

    public Policy {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        roles = roles.stream().sorted().toList();
    }

    /** The table it is on. */
    public RelationName relation() {
        return new RelationName(schema, table);
    }
}
