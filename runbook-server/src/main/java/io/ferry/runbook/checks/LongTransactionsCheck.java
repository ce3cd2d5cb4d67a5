package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code long-transactions}: transactions open longer than {@code ferry.checks.long-transaction} (default
 * 5 min). They hold their locks to the end and keep vacuum from cleaning up; the snapshot reads them.
 */
@ApplicationScoped
public class LongTransactionsCheck implements Check {

    private final Duration threshold;

    public LongTransactionsCheck(@ConfigProperty(name = "ferry.checks.long-transaction", defaultValue = "5m")
                                 Duration threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "long-transactions";
    }

    @Override
    public int order() {
        return 60;
    }

    @Override
    public CheckResult evaluate(Snapshot snapshot) {
        if (snapshot.connections() == null) {
            return Show.unknown(snapshot);
        }
        String limit = Show.duration(threshold);
        if (snapshot.longTransactions().isEmpty()) {
            return CheckResult.ok("no transaction open longer than " + limit);
        }
        CheckResult.Builder result = CheckResult.of(Status.WARNING, snapshot.longTransactions().size()
                        + " transaction(s) open longer than " + limit + ", the oldest for "
                        + Show.age(snapshot.longTransactions().get(0).transactionStart(), snapshot))
                .columns("pid", "application", "user", "state", "waits on", "open for", "statement running for");
        for (Transaction t : snapshot.longTransactions()) {
            result.row(String.valueOf(t.pid()), t.application(), t.user(), t.state(), t.waitEvent(),
                    Show.age(t.transactionStart(), snapshot), Show.age(t.queryStart(), snapshot));
        }
        return result.build();
    }
}
