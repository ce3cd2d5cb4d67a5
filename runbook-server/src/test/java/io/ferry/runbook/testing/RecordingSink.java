package io.ferry.runbook.testing;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Delivery;
import io.ferry.alerts.DeliveryListener;
import io.ferry.runbook.alerts.AlertSink;
import io.ferry.runbook.alerts.DeliveryCounter;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The tests' receiver of alerts: records each transition with when it came, and reports it delivered at once to
 * one sink, {@value #SINK} (a webhook), telling the delivery listener as a dispatcher would. Enabled by the
 * alert profiles only.
 */
@Alternative
@Singleton
public class RecordingSink implements AlertSink {

    public static final String SINK = "recorder";

    /**
     * A transition received, and when.
     *
     * @param noted what the recorder's {@link #noting note} read as it came (0 without one)
     */
    public record Received(Alert alert, Instant at, long noted) {
    }

    private final DeliveryListener listener;
    private final List<Received> received = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private volatile LongSupplier note = () -> 0L;

    @Inject
    public RecordingSink(DeliveryCounter counter) {
        this((DeliveryListener) counter);
    }

    public RecordingSink(DeliveryListener listener) {
        this.listener = listener;
    }

    @Override
    public void send(Alert alert) {
        Instant now = Instant.now();
        String transition = alert.firing() ? "firing" : "resolved";
        Delivery delivery = new Delivery(SINK + ":" + alert.key() + ":" + transition + ":" + alert.startsAt(), SINK,
                alert.key(), transition, "delivered", 1, null, now, null, now);
        synchronized (this) {
            received.add(new Received(alert, now, note.getAsLong()));
            deliveries.add(0, delivery);
        }
        listener.attempted(delivery, "delivered");
    }

    @Override
    public synchronized List<Delivery> deliveries(int limit) {
        return List.copyOf(deliveries.subList(0, Math.min(limit, deliveries.size())));
    }

    @Override
    public List<SinkView> sinks() {
        return List.of(new SinkView(SINK, "webhook", true, null));
    }

    /**
     * Reads {@code note} as each transition comes and keeps the value with it: for instance the server's refresh
     * counter, which says which refresh raised the alert (the rules run on the refreshing thread).
     */
    public void noting(LongSupplier note) {
        this.note = note;
    }

    /** Every transition so far, in order. */
    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The transitions that match, in order. */
    public synchronized List<Received> received(Predicate<Alert> which) {
        return received.stream().filter(r -> which.test(r.alert())).toList();
    }

    public synchronized void clear() {
        received.clear();
        deliveries.clear();
    }
}
