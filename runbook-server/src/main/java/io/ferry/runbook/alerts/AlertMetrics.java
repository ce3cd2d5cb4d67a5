package io.ferry.runbook.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/**
 * {@code ferry_alerts_firing{rule,severity}} on {@code /q/metrics}: 1 while an alert of the rule fires, else 0;
 * one gauge per rule, registered once, read from the book at each scrape.
 */
@Startup
@Singleton
public class AlertMetrics {

    public AlertMetrics(MeterRegistry registry, ServerAlerts alerts) {
        Evaluator.severities().forEach((rule, severity) -> Gauge.builder("ferry.alerts.firing", alerts,
                        a -> a.book().firing(rule) ? 1 : 0)
                .tag("rule", rule).tag("severity", severity.word())
                .description("1 while an alert of the rule fires, else 0").strongReference(true).register(registry));
    }
}
