package io.ferry.runbook.runbooks;

import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.runbook.health.HealthResource.Health;
import io.ferry.runbook.snapshot.Snapshot;
import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * The live status beside a runbook, as the server renders it from the current {@link Snapshot} (so it is
 * there without JavaScript): the server's status as {@code /health} says it, the database, the migrations
 * and the last failure with its runbook section. Each state is a word and a tone: {@code ok} (green),
 * {@code warn} (amber) or {@code bad} (red).
 */
@TemplateData
public record StatusPanel(State status, State database, String databaseDetail, String databaseCode,
                          String databaseRunbook, State migrations, List<String> current, List<String> heads,
                          List<String> unknown, int pending, FailureView lastFailure, String generatedAt,
                          String generatedAtIso) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A state's word and its tone. */
    @TemplateData
    public record State(String word, String tone) {
        static State of(String word) {
            String tone = switch (word) {
                case "ok" -> "ok";
                case "degraded", "pending", "running" -> "warn";
                default -> "bad";
            };
            return new State(word, tone);
        }
    }

    /** The last failure, as shown: its code linked to its runbook section. */
    @TemplateData
    public record FailureView(String code, String revision, String message, String hint, String at, String runbook) {
    }

    public static StatusPanel of(Snapshot snapshot) {
        Health health = Health.of(snapshot);
        Snapshot.Database db = snapshot.database();
        String detail = db.reachable()
                ? joined(db.latencyMs() == null ? null : db.latencyMs() + " ms",
                        db.serverVersion() == null ? null : "PostgreSQL " + db.serverVersion())
                : db.errorMessage();
        Snapshot.Migrations m = snapshot.migrations();
        Snapshot.Failure f = m.lastFailure();
        FailureView failure = f == null ? null : new FailureView(f.code(), f.revision(), f.message(), f.hint(),
                f.at() == null ? null : TIME.format(f.at()), f.runbook());
        Instant at = snapshot.generatedAt();
        return new StatusPanel(State.of(health.status()), State.of(health.database()), detail,
                db.reachable() ? null : db.errorCode(), db.reachable() ? null : runbookOf(db.errorCode()),
                State.of(health.migrations()), m.current(), m.heads(), m.unknown(), m.pending().size(), failure,
                TIME.format(at), at.toString());
    }

    /** The runbook section of one of the core's error codes, or null for a code it does not know. */
    static String runbookOf(String code) {
        return Arrays.stream(MigrationErrorCode.values()).filter(c -> c.id().equals(code)).findFirst()
                .map(c -> c.runbookUrl("")).orElse(null);
    }

    private static String joined(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + ", " + b;
    }
}
