package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Lock;
import io.ferry.runbook.snapshot.Snapshot.Pending;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * {@code migration-lock}: who holds Ferry's migration lock, since when, what its session is doing
 * ({@code pg_stat_activity}'s state and wait event, never the query's text) and what it runs: the revision when
 * the run is this server's own; otherwise not known, and the next pending revision is named (what an upgrade
 * runs next).
 */
@ApplicationScoped
public class MigrationLockCheck implements Check {

    @Override
    public String name() {
        return "migration-lock";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public CheckResult evaluate(Snapshot snapshot) {
        if (!snapshot.database().reachable()) {
            return Show.unknown(snapshot);
        }
        Lock lock = snapshot.migrations().lock();
        if (lock == null) {
            return CheckResult.ok("free: no migration is running");
        }
        String runs = runs(lock, snapshot);
        return CheckResult.of(Status.WARNING, "held by pid " + lock.pid() + " (" + lock.application() + ", user "
                        + lock.user() + "), connected " + Show.age(lock.since(), snapshot) + " ago, " + runs)
                .columns("pid", "user", "application", "connected since", "connected for", "state", "wait event",
                        "runs")
                .row(String.valueOf(lock.pid()), lock.user(), lock.application(), Show.text(lock.since()),
                        Show.age(lock.since(), snapshot), Show.text(lock.state()), Show.text(lock.waitEvent()), runs)
                .build();
    }

    /** What the holder runs, as far as the snapshot tells. */
    static String runs(Lock lock, Snapshot snapshot) {
        if (lock.revision() != null) {
            return "running " + lock.revision() + " (this server's run)";
        }
        List<Pending> pending = snapshot.migrations().pending();
        return pending.isEmpty() ? "revision not known"
                : "revision not known (next pending: " + pending.get(0).id() + ")";
    }
}
