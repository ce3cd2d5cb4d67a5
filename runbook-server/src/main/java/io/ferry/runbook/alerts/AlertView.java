package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import java.time.Instant;
import java.util.Map;

/** An alert as {@code GET /api/alerts} and the pages show it: its severity as the word the payloads use. */
public record AlertView(String key, String rule, String severity, String summary, Map<String, Object> details,
                        String runbook, Instant startsAt, Instant endsAt) {

    public static AlertView of(Alert alert) {
        return new AlertView(alert.key(), alert.rule(), alert.severity().word(), alert.summary(), alert.details(),
                alert.runbook(), alert.startsAt(), alert.endsAt());
    }

    /** The runbook page the alert links to ({@code running} for {@code .../runbooks/running#...}), or null. */
    public String runbookPage() {
        int at = runbook == null ? -1 : runbook.indexOf("/runbooks/");
        if (at < 0) {
            return null;
        }
        String page = runbook.substring(at + "/runbooks/".length());
        int anchor = page.indexOf('#');
        return anchor < 0 ? page : page.substring(0, anchor);
    }
}
