package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code database}: does it answer, how fast, which version, how large. */
@ApplicationScoped
public class DatabaseCheck implements Check {

    /** Slower than this and the check warns. */
    static final long SLOW_MS = 1000;

    @Override
    public String name() {
        return "database";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public CheckResult evaluate(Snapshot snapshot) {
        Snapshot.Database db = snapshot.database();
        if (!db.reachable()) {
            return CheckResult.of(Status.FAILING, "unreachable: " + db.errorCode())
                    .columns("error code", "cause").row(db.errorCode(), db.errorMessage()).build();
        }
        boolean slow = db.latencyMs() != null && db.latencyMs() > SLOW_MS;
        return CheckResult.of(slow ? Status.WARNING : Status.OK, "answers in " + db.latencyMs() + " ms"
                        + (slow ? " (slow)" : "") + ", PostgreSQL " + db.serverVersion())
                .columns("latency", "version", "size")
                .row(db.latencyMs() + " ms", db.serverVersion(), db.sizeBytes() == null ? "" : Show.bytes(db.sizeBytes()))
                .build();
    }
}
