package io.ferry.alerts;

import java.time.Duration;
import java.util.List;

/** The six alert rules, their names, severities and thresholds: one list for the server, the command and the docs. */
public final class Rules {

    public static final String MIGRATION_FAILED = "migration-failed";
    public static final String DATABASE_UNREACHABLE = "database-unreachable";
    public static final String BACKFILL_FAILED = "backfill-failed";
    public static final String SCHEMA_OUT_OF_SYNC = "schema-out-of-sync";
    public static final String MIGRATION_STUCK = "migration-stuck";
    public static final String BACKFILL_STALLED = "backfill-stalled";

    /** database-unreachable fires after this many failed probes in a row ... */
    public static final int DATABASE_UNREACHABLE_PROBES = 3;
    /** ... made this far apart. */
    public static final Duration DATABASE_PROBE_INTERVAL = Duration.ofSeconds(10);
    /** migration-stuck fires when one migration run has held the migration lock this long. */
    public static final Duration MIGRATION_STUCK_AFTER = Duration.ofMinutes(15);
    /** backfill-stalled fires when a running backfill has committed no batch for this long. */
    public static final Duration BACKFILL_STALLED_AFTER = Duration.ofMinutes(10);

    /** Every rule, worst first. */
    public static final List<RuleInfo> ALL = List.of(
            new RuleInfo(MIGRATION_FAILED, Severity.CRITICAL, null, "migration-failed:<revision>",
                    "the last migration attempt the history records failed, whoever ran it",
                    "a later attempt succeeds, or the database reaches the heads"),
            new RuleInfo(DATABASE_UNREACHABLE, Severity.CRITICAL,
                    DATABASE_UNREACHABLE_PROBES + " probes every " + DATABASE_PROBE_INTERVAL.toSeconds() + "s",
                    "database-unreachable:<database>",
                    DATABASE_UNREACHABLE_PROBES + " connection probes in a row failed, "
                            + DATABASE_PROBE_INTERVAL.toSeconds() + " s apart",
                    "a probe connects again"),
            new RuleInfo(MIGRATION_STUCK, Severity.CRITICAL, MIGRATION_STUCK_AFTER.toMinutes() + "min",
                    "migration-stuck:<database>, migration-stuck:<revision>",
                    "the migration lock is held longer than " + MIGRATION_STUCK_AFTER.toMinutes()
                            + " minutes, or a non-transactional revision is left part-applied",
                    "the lock is free, or the revision is finished or resolved"),
            new RuleInfo(BACKFILL_FAILED, Severity.ERROR, null, "backfill-failed:<job>",
                    "a backfill run ended failed",
                    "a later run of the job succeeds"),
            new RuleInfo(SCHEMA_OUT_OF_SYNC, Severity.WARNING, null, "schema-out-of-sync:<database>",
                    "an applied revision's file changed or is missing, the database records revisions no"
                            + " file defines, or the drift check found the schema other than its revisions produce",
                    "the files and the database agree again, and no drift is found"),
            new RuleInfo(BACKFILL_STALLED, Severity.WARNING, BACKFILL_STALLED_AFTER.toMinutes() + "min",
                    "backfill-stalled:<job>",
                    "a running backfill has committed no batch for " + BACKFILL_STALLED_AFTER.toMinutes()
                            + " minutes",
                    "it commits a batch again, or the run ends"));

    private Rules() {
    }

    /** The rule of that name, or null. */
    public static RuleInfo named(String name) {
        return ALL.stream().filter(rule -> rule.name().equals(name)).findFirst().orElse(null);
    }

    /** The rules' names, comma-separated, for messages. */
    static String names() {
        return String.join(", ", ALL.stream().map(RuleInfo::name).toList());
    }
}
