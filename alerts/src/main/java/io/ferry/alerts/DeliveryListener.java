package io.ferry.alerts;

/** Told of each delivery's end, for counters ({@code ferry_alert_deliveries_total{sink,outcome}}). */
@FunctionalInterface
public interface DeliveryListener {

    /**
     * @param delivery the delivery, in its new state
     * @param outcome  {@code delivered}, {@code retrying}, {@code dead} or {@code disabled}
     */
    void attempted(Delivery delivery, String outcome);

    DeliveryListener NONE = (delivery, outcome) -> { };
}
