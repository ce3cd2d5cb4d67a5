package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Connections;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code connections}: client connections against {@code max_connections} less the superusers' reserve,
 * by state. Warning from {@link #WARN_AT} of the slots, failing from {@link #FAIL_AT}.
 */
@ApplicationScoped
public class ConnectionsCheck implements Check {

    static final double WARN_AT = 0.8;
    static final double FAIL_AT = 0.95;

    @Override
    public String name() {
        return "connections";
    }

    @Override
    public int order() {
        return 70;
    }

    @Override
    public CheckResult evaluate(Snapshot snapshot) {
        Connections c = snapshot.connections();
        if (c == null) {
            return Show.unknown(snapshot);
        }
        int slots = Math.max(1, c.max() - c.reserved());
        double used = (double) c.used() / slots;
        Status status = used >= FAIL_AT ? Status.FAILING : used >= WARN_AT ? Status.WARNING : Status.OK;
        CheckResult.Builder result = CheckResult.of(status, c.used() + " of " + slots + " connections in use ("
                        + Math.round(used * 100) + "%; max_connections " + c.max() + ", " + c.reserved()
                        + " reserved for superusers)")
                .columns("state", "connections");
        c.byState().forEach((state, n) -> result.row(state, String.valueOf(n)));
        return result.build();
    }
}
