package io.ferry.runbook.project;

import io.ferry.alerts.Rules;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alert rules' timings as {@code ./ferry-server} was given them: how often the database is probed and how
 * many failed probes in a row raise {@code database-unreachable}, and how long a held migration lock or a silent
 * backfill may last before {@code migration-stuck} and {@code backfill-stalled}.
 *
 * @param probeInterval {@code ferry.alerts.probe-interval}
 * @param probeFailures {@code ferry.alerts.probe-failures}
 * @param stuckAfter    {@code ferry.alerts.stuck-after}
 * @param stalledAfter  {@code ferry.alerts.stalled-after}
 */
public record AlertTimings(Duration probeInterval, int probeFailures, Duration stuckAfter, Duration stalledAfter) {

    /** The timings when none is given (application.properties says the same). */
    public static final AlertTimings DEFAULTS = new AlertTimings(Rules.DATABASE_PROBE_INTERVAL,
            Rules.DATABASE_UNREACHABLE_PROBES, Rules.MIGRATION_STUCK_AFTER, Rules.BACKFILL_STALLED_AFTER);

    /** @throws FerryException ({@code invalid-configuration}) for a duration that is not positive or fewer than 1 probe */
    public AlertTimings {
        positive(probeInterval, "--probe-interval");
        positive(stuckAfter, "--stuck-after");
        positive(stalledAfter, "--stalled-after");
        if (probeFailures < 1) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "--probe-failures must be 1 or more, not "
                    + probeFailures, "give how many failed probes in a row mean the database is down, for example 3");
        }
    }

    /** The timings as Quarkus configuration. */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("ferry.alerts.probe-interval", probeInterval.toMillis() + "ms");
        config.put("ferry.alerts.probe-failures", Integer.toString(probeFailures));
        config.put("ferry.alerts.stuck-after", stuckAfter.toMillis() + "ms");
        config.put("ferry.alerts.stalled-after", stalledAfter.toMillis() + "ms");
        return config;
    }

    private static void positive(Duration value, String option) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, option + " must be longer than 0s",
                    "give a duration such as 10s or 15min");
        }
    }
}
