package io.ferry.backfill.event;

import io.ferry.migration.event.Dispatch;
import java.util.List;

/** Delivers backfill events to every listener, shielding the run from listeners that fail. */
public final class BackfillEventPublisher {

    private final Dispatch<BackfillListener, BackfillEvent> dispatch;

    public BackfillEventPublisher(List<BackfillListener> listeners) {
        this.dispatch = new Dispatch<>("backfill", listeners, BackfillListener::onEvent);
    }

    public void publish(BackfillEvent event) {
        dispatch.publish(event);
    }
}
