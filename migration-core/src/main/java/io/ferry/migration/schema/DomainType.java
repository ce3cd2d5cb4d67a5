package io.ferry.migration.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A domain: a base type with constraints.
 *
 * @param baseType     the base type as {@code format_type} writes it, {@code character varying(20)}
 * @param collation    the collation when it is not the base type's, as SQL text; otherwise null
 * @param defaultValue the default expression, null when there is none
 * @param notNull      whether it is {@code NOT NULL}
 * @param checks       its check constraints, by name
 * @param comment      its comment, null when it has none
 */
public record DomainType(String schema, String name, String baseType, String collation, String defaultValue,
                         boolean notNull, List<Check> checks, String comment) {

    public DomainType {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseType, "baseType");
        checks = checks.stream().sorted(Comparator.comparing(Check::name)).toList();
    }

    /** The type's name as SQL text. */
    public String sql() {
        return new RelationName(schema, name).sql();
    }

    /**
     * One check constraint of a domain.
     *
     * @param definition as {@code pg_get_constraintdef} writes it, {@code CHECK ((VALUE > 0))}
     */
    public record Check(String name, String definition) {

        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(definition, "definition");
        }
    }
}
