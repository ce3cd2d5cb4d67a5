package io.ferry.backfill.event;

import java.util.List;

/** Delivers backfill events to every listener, shielding the run from listeners that fail. */
public final class BackfillEventPublisher {

    private static final System.Logger LOG = System.getLogger(BackfillEventPublisher.class.getName());

    private final List<BackfillListener> listeners;

    public BackfillEventPublisher(List<BackfillListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public void publish(BackfillEvent event) {
        for (BackfillListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "backfill listener " + listener.getClass().getName()
                        + " failed on " + event.getClass().getSimpleName() + "; the backfill goes on", e);
            }
        }
    }
}
