package io.ferry.backfill.event;

/**
 * Receives the events of every backfill run. Register one on {@code Backfills.configure().listener(..)}.
 * A listener that throws is logged and ignored: it never breaks a run. Listeners are called on the
 * running thread, between batches, so they should be quick.
 */
@FunctionalInterface
public interface BackfillListener {

    void onEvent(BackfillEvent event);
}
