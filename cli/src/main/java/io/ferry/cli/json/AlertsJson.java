package io.ferry.cli.json;

import io.ferry.alerts.AlertsSettings;
import io.ferry.alerts.Dispatcher;
import io.ferry.alerts.RuleInfo;
import io.ferry.alerts.Rules;
import io.ferry.alerts.SinkSettings;
import io.ferry.migration.api.Durations;
import java.util.List;
import java.util.Locale;

/**
 * {@code alerts list}: the alert settings of ferry.yaml, with no secret in them, and the rules.
 *
 * @param publicUrl the base of runbook links, or null
 * @param retry     the delays before each attempt of a delivery
 */
public record AlertsJson(String publicUrl, List<String> retry, List<Sink> sinks, List<Rule> rules) {

    /**
     * @param url             the url with its secret parts shown as {@code ***}
     * @param rules           the rules it receives; empty for all
     * @param disabledBecause why the sink is disabled (it answered 410), or null
     */
    public record Sink(String name, String type, String url, String minSeverity, List<String> rules, boolean enabled,
                       String disabledBecause) {

        static Sink of(Dispatcher.SinkState state) {
            SinkSettings s = state.settings();
            return new Sink(s.name(), s.type().name().toLowerCase(Locale.ROOT), s.maskedUrl(), s.minSeverity().word(),
                    s.rules().stream().sorted().toList(), state.enabled(), state.disabledBecause());
        }
    }

    /** @param threshold how long or how often the condition must hold first; null when it fires at once */
    public record Rule(String name, String severity, String threshold, String key, String firesWhen,
                       String resolvesWhen) {

        static Rule of(RuleInfo rule) {
            return new Rule(rule.name(), rule.severity().word(), rule.threshold(), rule.key(), rule.firesWhen(),
                    rule.resolvesWhen());
        }
    }

    public static AlertsJson of(AlertsSettings settings, List<Dispatcher.SinkState> sinks) {
        return new AlertsJson(settings.publicUrl(), settings.retry().stream().map(Durations::format).toList(),
                sinks.stream().map(Sink::of).toList(), Rules.ALL.stream().map(Rule::of).toList());
    }
}
