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
 * @param startObserved true when {@code startsAt} is only when this server first saw the condition (no record
 *                 says when it began), so another replica would give another: the delivery ids leave it out
 */
public record Alert(String key, String rule, Severity severity, String summary, Map<String, Object> details,
                    String runbook, Instant startsAt, Instant endsAt, boolean startObserved) {

    public Alert {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** An alert whose start is a recorded fact (a failure's time, a run's end): every replica gives the same. */
    public Alert(String key, String rule, Severity severity, String summary, Map<String, Object> details,
                 String runbook, Instant startsAt, Instant endsAt) {
        this(key, rule, severity, summary, details, runbook, startsAt, endsAt, false);
    }

    /** The same alert, its start being when this server first saw the condition ({@link #startObserved}). */
    public Alert observedStart() {
        return new Alert(key, rule, severity, summary, details, runbook, startsAt, endsAt, true);
    }

    /** True while the condition holds. */
    public boolean firing() {
        return endsAt == null;
    }

    /** The same alert, resolved at {@code at}. */
    public Alert resolvedAt(Instant at) {
        return new Alert(key, rule, severity, summary, details, runbook, startsAt, at, startObserved);
    }
}
