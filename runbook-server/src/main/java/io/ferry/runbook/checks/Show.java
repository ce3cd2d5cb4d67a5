package io.ferry.runbook.checks;

import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.checks.CheckResult.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How the checks write figures: ages, sizes, times. */
public final class Show {

    private Show() {
    }

    /** How long before the snapshot {@code since} was: {@code 42 s}, {@code 6 min 3 s}, {@code 2 h 5 min}. */
    public static String age(Instant since, Snapshot snapshot) {
        return since == null ? "" : duration(Duration.between(since, snapshot.generatedAt()));
    }

    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
    }

    /** {@code 812 bytes}, {@code 7.9 kB}, {@code 1.2 GB} (powers of 1024, as PostgreSQL's pg_size_pretty). */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[i]);
    }

    public static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** The result of a check that needs the database when it does not answer. */
    static CheckResult unknown(Snapshot snapshot) {
        String why = snapshot.database().reachable() ? "could not be read in the last refresh (see the server's log)"
                : "unknown: the database does not answer";
        return CheckResult.of(Status.WARNING, why).build();
    }
}
