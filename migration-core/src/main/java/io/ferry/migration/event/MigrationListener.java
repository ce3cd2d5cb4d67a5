package io.ferry.migration.event;

/**
 * Receives the events of every run. Register one on the configuration, or list its class in
 * {@code META-INF/services/io.ferry.migration.event.MigrationListener} to have it found through
 * {@link java.util.ServiceLoader}. A listener that throws is logged and ignored: it never breaks a
 * migration. Listeners are called on the migrating thread, so they should be quick.
 */
@FunctionalInterface
public interface MigrationListener {

    void onEvent(MigrationEvent event);
}
