package io.ferry.migration.event;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Delivers events to every listener, shielding the run from listeners that fail. */
public final class EventPublisher {

    private final Dispatch<MigrationListener, MigrationEvent> dispatch;

    public EventPublisher(List<MigrationListener> listeners) {
        this.dispatch = new Dispatch<>("migration", listeners, MigrationListener::onEvent);
    }

    /** The given listeners followed by those found through {@link ServiceLoader}. */
    public static EventPublisher withServiceLoaded(List<MigrationListener> given, ClassLoader loader) {
        List<MigrationListener> all = new ArrayList<>(given);
        ServiceLoader.load(MigrationListener.class, loader).forEach(all::add);
        return new EventPublisher(all);
    }

    public void publish(MigrationEvent event) {
        dispatch.publish(event);
    }
}
