package io.ferry.alerts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert as every sink receives it.
 *
 * @param key      stable: the rule and its subject, {@code migration-failed:92a3b4c5d6e7}; receivers deduplicate on it
 * @param rule     the rule that raised it ({@code migration-failed}, {@code database-unreachable}, ...)
 * @param severity how bad it is
 * @param summary  one line
 * @param details  the live facts that matter (revisions, error code, message and hint, lock holder, progress),
 *                 as JSON-ready values, in a stable order
 * @param runbook  the absolute URL of its runbook section
 * @param startsAt when the condition began
 * @param endsAt   when it ended; null while it fires
 */
public record Alert(String key, String rule, Severity severity, String summary, Map<String, Object> details,
                    String runbook, Instant startsAt, Instant endsAt) {

    public Alert {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** True while the condition holds. */
    public boolean firing() {
        return endsAt == null;
    }

    /** The same alert, resolved at {@code at}. */
    public Alert resolvedAt(Instant at) {
        return new Alert(key, rule, severity, summary, details, runbook, startsAt, at);
    }
}
