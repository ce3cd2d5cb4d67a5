package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Blocker;
import io.ferry.runbook.snapshot.Snapshot.BlockingSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * {@code blockers}: the sessions waiting for a lock and the sessions they wait for ({@code pg_blocking_pids}),
 * one row for each pair. Warning while they wait; failing once one has waited {@link #STUCK} or more.
 */
@ApplicationScoped
public class BlockersCheck implements Check {

    static final Duration STUCK = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "blockers";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public CheckResult evaluate(Snapshot snapshot) {
        if (snapshot.connections() == null) {
            return Show.unknown(snapshot);
        }
        if (snapshot.blockers().isEmpty()) {
            return CheckResult.ok("no session is waiting for a lock");
        }
        boolean stuck = snapshot.blockers().stream().anyMatch(b -> b.queryStart() != null
                && Duration.between(b.queryStart(), snapshot.generatedAt()).compareTo(STUCK) >= 0);
        long blocking = snapshot.blockers().stream().flatMap(b -> b.blockedBy().stream()).mapToInt(BlockingSession::pid)
                .distinct().count();
        CheckResult.Builder result = CheckResult.of(stuck ? Status.FAILING : Status.WARNING,
                        snapshot.blockers().size() + " session(s) waiting for a lock, blocked by " + blocking + " session(s)")
                .columns("waiting pid", "application", "user", "waits for", "waiting since", "blocked by pid",
                        "its application", "its user", "its state", "its transaction open for");
        for (Blocker b : snapshot.blockers()) {
            for (BlockingSession by : b.blockedBy()) {
                result.row(String.valueOf(b.pid()), b.application(), b.user(), b.waitingFor(),
                        Show.age(b.queryStart(), snapshot), String.valueOf(by.pid()), by.application(), by.user(),
                        by.state(), Show.age(by.transactionStart(), snapshot));
            }
        }
        return result.build();
    }
}
