package io.ferry.runbook.alerts;

import io.ferry.alerts.Delivery;
import io.ferry.alerts.DeliveryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * Counts each delivery attempt's outcome on {@code /q/metrics}:
 * {@code ferry_alert_deliveries_total{sink,outcome}} (outcome {@code delivered}, {@code retrying}, {@code dead} or
 * {@code disabled}).
 */
@Singleton
public class DeliveryCounter implements DeliveryListener {

    private final MeterRegistry registry;

    public DeliveryCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void attempted(Delivery delivery, String outcome) {
        Counter.builder("ferry.alert.deliveries").description("alert delivery attempts, by sink and outcome")
                .tag("sink", delivery.sink()).tag("outcome", outcome).register(registry).increment();
    }
}
