package io.ferry.migration.schema;

import java.util.Objects;

/**
 * A trigger on a table or a view (not the ones PostgreSQL makes for foreign keys, nor the copies a
 * partitioned table's trigger makes on its partitions).
 *
 * @param definition its {@code CREATE TRIGGER} statement, as {@code pg_get_triggerdef} writes it
 * @param firing     when it fires, {@code ALTER TABLE ... ENABLE|DISABLE TRIGGER}
 * @param comment    its comment, null when it has none
 */
public record Trigger(String schema, String table, String name, String definition, Firing firing,
                      String comment) {

    public Trigger {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(firing, "firing");
    }

    /** The table or view it is on. */
    public RelationName relation() {
        return new RelationName(schema, table);
    }

    /** When a trigger fires, as {@code session_replication_role} decides. */
    public enum Firing {
        /** Enabled (the default): fires unless the session is a replica. */
        ORIGIN,
        /** Disabled: never fires. */
        DISABLED,
        /** Fires only in sessions that are replicas. */
        REPLICA,
        /** Fires in every session. */
        ALWAYS
    }
}
