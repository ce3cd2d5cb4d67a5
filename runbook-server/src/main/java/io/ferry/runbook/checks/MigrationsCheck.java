package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Migrations;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code migrations}: the database's heads against the files', what is pending, what the files do not know. */
@ApplicationScoped
public class MigrationsCheck implements Check {

    @Override
    public String name() {
        return "migrations";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public CheckResult evaluate(Snapshot snapshot) {
        Migrations m = snapshot.migrations();
        Status status = switch (m.state()) {
            case OK -> m.unknown().isEmpty() ? Status.OK : Status.WARNING;
            case PENDING, RUNNING -> Status.WARNING;
            case FAILED -> Status.FAILING;
        };
        String summary = switch (m.state()) {
            case OK -> "up to date at " + heads(m);
            case PENDING -> m.pending().size() + " pending, at " + heads(m);
            case RUNNING -> "a migration run is in progress";
            case FAILED -> "failed" + (m.lastFailure() == null ? "" : ": " + m.lastFailure().code());
        };
        if (!m.unknown().isEmpty()) {
            summary += "; " + m.unknown().size() + " current revision(s) no migration file defines";
        }
        CheckResult.Builder result = CheckResult.of(status, summary).columns("revision", "where", "message");
        m.current().forEach(id -> result.row(id, m.unknown().contains(id) ? "current, unknown to the files" : "current", ""));
        m.heads().stream().filter(id -> !m.current().contains(id)).forEach(id -> result.row(id, "target head", ""));
        m.pending().forEach(p -> result.row(p.id(), "pending", p.message()));
        return result.build();
    }

    private static String heads(Migrations m) {
        return m.current().isEmpty() ? "an empty database" : String.join(", ", m.current());
    }
}
