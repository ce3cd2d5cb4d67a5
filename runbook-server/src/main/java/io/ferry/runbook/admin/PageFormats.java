package io.ferry.runbook.admin;

import io.ferry.runbook.snapshot.Snapshot;
import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** How the admin pages write times, durations, revisions and states (dashboard.js writes them the same way). */
@TemplateExtension
public final class PageFormats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private PageFormats() {
    }

    /** {@code 2025-03-01 02:14:07 UTC}; empty for none. */
    static String utc(Instant at) {
        return at == null ? "" : UTC.format(at);
    }

    /** {@code 850 ms}, {@code 2.4 s}, {@code 3 min 5 s}. */
    static String took(Snapshot.HistoryRow row) {
        return duration(row.tookMs());
    }

    static String duration(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return ms / 60_000 + " min " + (ms % 60_000) / 1000 + " s";
    }

    /** The revisions separated by commas, or {@code base} when there are none. */
    static String revisions(List<String> ids) {
        return ids.isEmpty() ? "base (nothing applied)" : String.join(", ", ids);
    }

    /** The state in one sentence. */
    static String sentence(Snapshot.Migrations m) {
        return switch (m.state()) {
            case OK -> "Every migration is applied.";
            case PENDING -> m.pending().size() == 1 ? "1 revision is not applied yet."
                    : m.pending().size() + " revisions are not applied yet.";
            case RUNNING -> "A migration run is in progress.";
            case FAILED -> "The last migration run failed: the database stays at its last good revision.";
        };
    }
}
