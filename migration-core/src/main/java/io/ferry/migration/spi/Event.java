package io.ferry.migration.spi;

import java.util.Arrays;
import java.util.Optional;

/** The events a {@link Callback} can handle, named as Flyway names them. */
public enum Event {
    BEFORE_MIGRATE("beforeMigrate"),
    BEFORE_EACH_MIGRATE("beforeEachMigrate"),
    AFTER_EACH_MIGRATE("afterEachMigrate"),
    AFTER_EACH_MIGRATE_ERROR("afterEachMigrateError"),
    AFTER_VERSIONED("afterVersioned"),
    AFTER_MIGRATE_APPLIED("afterMigrateApplied"),
    AFTER_MIGRATE("afterMigrate"),
    AFTER_MIGRATE_ERROR("afterMigrateError");

    private final String id;

    Event(String id) {
        this.id = id;
    }

    /** Flyway's name for the event, which SQL callback files are named after. */
    public String getId() {
        return id;
    }

    public static Optional<Event> fromId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }
}
