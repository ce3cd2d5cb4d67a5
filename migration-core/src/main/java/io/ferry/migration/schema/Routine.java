package io.ferry.migration.schema;

import java.util.Objects;

/**
 * A function or a procedure (aggregates are not listed).
 *
 * @param arguments  its identity arguments, as {@code pg_get_function_identity_arguments} writes them
 *                   ({@code a integer, b text}); with the schema and name, what tells overloads apart
 * @param result     what a function returns ({@code integer}, {@code SETOF public.t}, {@code trigger});
 *                   null for a procedure
 * @param definition its {@code CREATE OR REPLACE} statement, as {@code pg_get_functiondef} writes it
 * @param comment    its comment, null when it has none
 */
public record Routine(String schema, String name, String arguments, Kind kind, String result, String definition,
                      String comment) {

    public Routine {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(definition, "definition");
    }

    /** Function or procedure. */
    public enum Kind {
        FUNCTION, PROCEDURE
    }
}
