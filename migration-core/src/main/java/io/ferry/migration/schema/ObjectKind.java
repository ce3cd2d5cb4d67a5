package io.ferry.migration.schema;

import java.util.Locale;

/** The kinds of object a {@link SchemaChange} is about. */
public enum ObjectKind {
    SCHEMA, EXTENSION, ENUM, DOMAIN, COMPOSITE_TYPE, SEQUENCE, FUNCTION, PROCEDURE, TABLE, COLUMN, CONSTRAINT,
    INDEX, VIEW, MATERIALIZED_VIEW, TRIGGER, POLICY;

    /** The kind as descriptions say it: {@code materialized view}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
