package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Rules;
import io.ferry.alerts.Severity;
import java.time.Instant;
import java.util.Map;

/** A rule's name and its severity as {@link Rules} gives it, fixed when it is made: what every {@link Rule} shares. */
abstract class NamedRule implements Rule {

    private final String name;
    private final Severity severity;

    NamedRule(String name) {
        this.name = name;
        this.severity = Rules.named(name).severity();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Severity severity() {
        return severity;
    }

    /** One of this rule's alerts: {@link RuleContext#alert} with the rule's name and severity. */
    protected Alert alert(RuleContext context, String subject, String summary, Map<String, ?> facts, String runbookPath,
                          Instant startsAt) {
        return context.alert(name, severity, subject, summary, facts, runbookPath, startsAt);
    }
}
