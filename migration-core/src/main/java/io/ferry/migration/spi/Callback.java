package io.ferry.migration.spi;

/**
 * Java code run at a migrate event, with the shape of Flyway's {@code Callback}: list implementations in
 * {@code META-INF/services/io.ferry.migration.spi.Callback}. Callbacks run on the migration's connection
 * (inside the migration's transaction for the each-migration events) after the SQL callbacks of the same
 * event; one that throws fails the migration, as in Flyway.
 */
public interface Callback {

    /** Whether this callback handles the event. */
    boolean supports(Event event, Context context);

    /** Handles the event. */
    void handle(Event event, Context context) throws Exception;

    /** A name for messages; Flyway's interface has it too. */
    default String getCallbackName() {
        return getClass().getSimpleName();
    }
}
