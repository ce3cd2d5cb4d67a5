package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Lock;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code migration-lock}: who holds Ferry's migration lock, and since when. */
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
        return CheckResult.of(Status.WARNING, "held by pid " + lock.pid() + " (" + lock.application() + ", user "
                        + lock.user() + "), connected " + Show.age(lock.since(), snapshot) + " ago")
                .columns("pid", "user", "application", "connected since", "connected for")
                .row(String.valueOf(lock.pid()), lock.user(), lock.application(), Show.text(lock.since()),
                        Show.age(lock.since(), snapshot))
                .build();
    }
}
