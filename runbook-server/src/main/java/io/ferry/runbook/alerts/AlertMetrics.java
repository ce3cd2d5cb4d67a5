package io.ferry.runbook.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/**
 * {@code ferry_alerts_firing{rule,severity}} on {@code /q/metrics}: how many alerts of the rule fire now (two
 * backfill jobs failed: 2), 0 when none does; one gauge per rule, registered once, read from the book at each
 * scrape.
 */
@Startup
@Singleton
public class AlertMetrics {

    public AlertMetrics(MeterRegistry registry, ServerAlerts alerts) {
        register(registry, alerts::book);
    }

    /** Registers a gauge per rule that counts the alerts of that rule in {@code book}'s active ones. */
    static void register(MeterRegistry registry, Supplier<AlertBook> book) {
        Evaluator.severities().forEach((rule, severity) -> Gauge.builder("ferry.alerts.firing", book,
                        b -> b.get().activeKeys(rule).size())
                .tag("rule", rule).tag("severity", severity.word())
                .description("The alerts of the rule firing now").strongReference(true).register(registry));
    }
}
