package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Delivery;
import io.ferry.alerts.Dispatcher;
import java.util.List;
import java.util.Locale;

/** The production {@link AlertSink}: the {@code alerts} module's {@link Dispatcher}, which loses nothing. */
final class DispatcherSink implements AlertSink, AutoCloseable {

    private final Dispatcher dispatcher;

    DispatcherSink(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void send(Alert alert) {
        dispatcher.send(alert);
    }

    @Override
    public List<Delivery> deliveries(int limit) {
        return dispatcher.deliveries(limit);
    }

    @Override
    public List<SinkView> sinks() {
        return dispatcher.sinks().stream().map(s -> new SinkView(s.settings().name(),
                s.settings().type().name().toLowerCase(Locale.ROOT), s.enabled(), s.disabledBecause())).toList();
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
