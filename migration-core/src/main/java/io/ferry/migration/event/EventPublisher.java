package io.ferry.migration.event;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Delivers events to every listener, shielding the run from listeners that fail. */
public final class EventPublisher {

    private static final System.Logger LOG = System.getLogger(EventPublisher.class.getName());

    private final List<MigrationListener> listeners;

    public EventPublisher(List<MigrationListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** The given listeners followed by those found through {@link ServiceLoader}. */
    public static EventPublisher withServiceLoaded(List<MigrationListener> given, ClassLoader loader) {
        List<MigrationListener> all = new ArrayList<>(given);
        ServiceLoader.load(MigrationListener.class, loader).forEach(all::add);
        return new EventPublisher(all);
    }

    public void publish(MigrationEvent event) {
        for (MigrationListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "migration listener " + listener.getClass().getName()
                        + " failed on " + event.getClass().getSimpleName() + "; the migration goes on", e);
            }
        }
    }
}
