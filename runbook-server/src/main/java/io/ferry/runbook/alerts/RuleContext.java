package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Severity;
import io.ferry.migration.api.ErrorCode;
import io.ferry.runbook.snapshot.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every rule needs besides the snapshot: the database's name (the subject of database-wide alerts), the
 * base of runbook links, and the thresholds; and the one way alerts are built, so that every key, runbook URL
 * and set of details has the same shape.
 *
 * @param database     the database's name, from its URL
 * @param runbookBase  the server's public address, without a trailing slash
 * @param stuckAfter   how long the migration lock may be held before {@code migration-stuck}
 * @param stalledAfter how long a running backfill may make no progress before {@code backfill-stalled}
 */
public record RuleContext(String database, String runbookBase, Duration stuckAfter, Duration stalledAfter) {

    /** The longest summary. */
    static final int SUMMARY_LENGTH = 200;

    /**
     * An alert keyed {@code rule:subject}, its details the database and the subject followed by {@code facts}
     * (nulls left out, times as ISO-8601 text), its runbook {@code runbookBase + runbookPath}.
     */
    public Alert alert(String rule, Severity severity, String subject, String summary, Map<String, ?> facts,
                       String runbookPath, Instant startsAt) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", database);
        details.put("subject", subject);
        facts.forEach((name, value) -> {
            if (value != null) {
                details.put(name, value instanceof Instant at ? at.toString() : value);
            }
        });
        return new Alert(rule + ":" + subject, rule, severity, line(summary), details, runbookBase + runbookPath,
                startsAt, null);
    }

    /** The summary on one line, cut at {@value #SUMMARY_LENGTH} characters: pagers show little more. */
    static String line(String summary) {
        String one = Texts.oneLine(summary);
        return one.length() <= SUMMARY_LENGTH ? one : one.substring(0, SUMMARY_LENGTH - 1) + "…";
    }

    /** {@code /runbooks/<page>#<code>}, the section of an error code, relative to the base. */
    public static String section(ErrorCode code) {
        return code.runbookUrl("");
    }
}
