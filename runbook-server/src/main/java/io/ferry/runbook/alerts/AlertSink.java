package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Delivery;
import java.util.List;

/**
 * Where the rules' transitions go: in production the {@code alerts} module's dispatcher ({@link DispatcherSink}),
 * which spools and delivers them; {@link #NONE} when {@code ferry.yaml} names no sink.
 */
public interface AlertSink {

    /** Hands over one transition: the alert firing, or resolved ({@link Alert#endsAt()} set). */
    void send(Alert alert);

    /** The recent deliveries, pending first, then newest first (at most {@code limit}). */
    List<Delivery> deliveries(int limit);

    /** The configured sinks and whether each is enabled. */
    List<SinkView> sinks();

    /** A sink as {@code GET /api/alerts} shows it; {@code type} is its protocol's lower-case name. */
    record SinkView(String name, String type, boolean enabled, String disabledBecause) {
    }

    /** No sink: alerts are still evaluated, shown and counted, and delivered nowhere. */
    AlertSink NONE = new AlertSink() {
        @Override
        public void send(Alert alert) {
        }

        @Override
        public List<Delivery> deliveries(int limit) {
            return List.of();
        }

        @Override
        public List<SinkView> sinks() {
            return List.of();
        }
    };
}
