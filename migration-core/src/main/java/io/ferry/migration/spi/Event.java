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
    AFTER_MIGRATE_ERROR("afterMigrateError"),
    BEFORE_UNDO("beforeUndo"),
    BEFORE_EACH_UNDO("beforeEachUndo"),
    AFTER_EACH_UNDO("afterEachUndo"),
    AFTER_EACH_UNDO_ERROR("afterEachUndoError"),
    AFTER_UNDO("afterUndo"),
    AFTER_UNDO_ERROR("afterUndoError"),
    BEFORE_CLEAN("beforeClean"),
    AFTER_CLEAN("afterClean"),
    AFTER_CLEAN_ERROR("afterCleanError"),
    BEFORE_INFO("beforeInfo"),
    AFTER_INFO("afterInfo"),
    AFTER_INFO_ERROR("afterInfoError"),
    BEFORE_BASELINE("beforeBaseline"),
    AFTER_BASELINE("afterBaseline"),
    AFTER_BASELINE_ERROR("afterBaselineError"),
    BEFORE_REPAIR("beforeRepair"),
    AFTER_REPAIR("afterRepair"),
    AFTER_REPAIR_ERROR("afterRepairError"),
    BEFORE_VALIDATE("beforeValidate"),
    AFTER_VALIDATE("afterValidate"),
    AFTER_VALIDATE_ERROR("afterValidateError");

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
