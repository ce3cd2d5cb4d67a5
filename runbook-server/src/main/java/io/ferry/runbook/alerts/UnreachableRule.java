package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Rules;
import io.ferry.alerts.Severity;
import io.ferry.migration.api.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code database-unreachable} (critical), one per database, from the server's own probe: it fires after
 * {@code failures} failed probes in a row and resolves with the first probe that answers. Probes that failed fewer
 * times than that settle nothing: an alert restored from the book stays as it is until the probe decides.
 *
 * <p>Every replica that cannot reach the database evaluates it, leader or not (the leader may be the one cut
 * off). Its key names the database, not the replica. No record dates an outage, and replicas probe at
 * different moments, so its start (the first failed probe's time, rounded down to the probe interval) is
 * each replica's own observation ({@link Alert#startObserved}): the delivery id leaves it out, and replicas
 * send the same delivery.
 */
final class UnreachableRule {

    static final String NAME = Rules.DATABASE_UNREACHABLE;
    static final Severity SEVERITY = Rules.named(NAME).severity();

    private final int failures;
    private final Duration interval;
    private int failed;
    private Instant firstFailure;

    UnreachableRule(int failures, Duration interval) {
        this.failures = failures;
        this.interval = interval;
    }

    /**
     * The rule's alerts after {@code probe}: none once the database answers, the alert once enough probes in a row
     * failed; empty when this probe decides nothing yet.
     */
    synchronized Optional<List<Alert>> probed(ProbeResult probe, RuleContext context) {
        if (probe.ok()) {
            failed = 0;
            firstFailure = null;
            return Optional.of(List.of());
        }
        if (failed++ == 0) {
            firstFailure = probe.at();
        }
        if (failed < failures) {
            return Optional.empty();
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("code", probe.code().id());
        facts.put("message", probe.message());
        facts.put("failedProbes", failed);
        facts.put("probeInterval", Durations.format(interval));
        facts.put("firstFailedAt", firstFailure);
        facts.put("lastFailedAt", probe.at());
        return Optional.of(List.of(context.alert(NAME, SEVERITY, context.database(), "Database " + context.database()
                + " unreachable: " + failed + " probes in a row failed (" + probe.code().id() + "): " + probe.message(),
                facts, RuleContext.section(probe.code()), floor(firstFailure)).observedStart()));
    }

    /** {@code at} rounded down to a whole number of probe intervals since the epoch. */
    private Instant floor(Instant at) {
        long step = Math.max(1, interval.toMillis());
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), step) * step);
    }
}
