package io.ferry.migration.event;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Hands each event to every listener in turn, shielding the work from listeners that fail: a listener
 * that throws is logged and skipped. Each module's publisher (the core's {@link EventPublisher},
 * backfill-jobs' own) delivers its family of events through one.
 *
 * @param <L> the listener type
 * @param <E> the event type
 */
public final class Dispatch<L, E> {

    private static final System.Logger LOG = System.getLogger(Dispatch.class.getName());

    private final String work;
    private final List<L> listeners;
    private final BiConsumer<L, E> deliver;

    /**
     * @param work      what the events are about, for the log line of a failing listener ("migration")
     * @param listeners the listeners, in the order they hear each event
     * @param deliver   how one listener hears one event
     */
    public Dispatch(String work, List<? extends L> listeners, BiConsumer<L, E> deliver) {
        this.work = work;
        this.listeners = List.copyOf(listeners);
        this.deliver = deliver;
    }

    public void publish(E event) {
        for (L listener : listeners) {
            try {
                deliver.accept(listener, event);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, work + " listener " + listener.getClass().getName()
                        + " failed on " + event.getClass().getSimpleName() + "; the " + work + " goes on", e);
            }
        }
    }
}
