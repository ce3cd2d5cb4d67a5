package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Backfill;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code backfills}: each declared job's newest run. Failing when one failed or its process died
 * ({@code interrupted}); warning when one is paused; ok otherwise.
 */
@ApplicationScoped
public class BackfillsCheck implements Check {

    @Override
    public String name() {
        return "backfills";
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public CheckResult evaluate(Snapshot snapshot) {
        if (!snapshot.database().reachable()) {
            return Show.unknown(snapshot);
        }
        if (snapshot.backfills().isEmpty()) {
            return CheckResult.ok("no backfill job is declared");
        }
        Status status = Status.OK;
        int running = 0;
        int failed = 0;
        for (Backfill b : snapshot.backfills()) {
            switch (b.state()) {
                case "failed", "interrupted" -> {
                    status = Status.FAILING;
                    failed++;
                }
                case "paused" -> status = status.worst(Status.WARNING);
                case "running" -> running++;
                default -> {
                }
            }
        }
        CheckResult.Builder result = CheckResult.of(status, snapshot.backfills().size() + " job(s): " + running
                        + " running, " + failed + " failed or interrupted")
                .columns("job", "type", "state", "rows scanned", "rows changed", "batches", "rows/s", "updated",
                        "last error");
        for (Backfill b : snapshot.backfills()) {
            result.row(b.job(), b.type(), b.state(), String.valueOf(b.rowsScanned()), String.valueOf(b.rowsChanged()),
                    String.valueOf(b.batches()), Show.text(b.rowsPerSecond()),
                    b.updatedAt() == null ? "" : Show.age(b.updatedAt(), snapshot) + " ago", b.error());
        }
        return result.build();
    }
}
