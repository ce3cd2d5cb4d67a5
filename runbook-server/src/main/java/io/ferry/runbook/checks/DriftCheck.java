package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.SchemaDrift;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code drift}: the database's schema against the one its applied revisions produce, from the last scheduled
 * drift check ({@code ferry.drift.interval}): each difference, and each invalid index with its fix.
 */
@ApplicationScoped
public class DriftCheck implements Check {

    @Override
    public String name() {
        return "drift";
    }

    @Override
    public int order() {
        return 25;
    }

    @Override
    public CheckResult evaluate(Snapshot snapshot) {
        SchemaDrift d = snapshot.schemaDrift();
        if (!d.enabled()) {
            return CheckResult.of(Status.WARNING, "not checked: the drift check is off (ferry.drift.interval)").build();
        }
        if (d.checkedAt() == null) {
            return CheckResult.of(Status.WARNING, "not checked yet: the first drift check has not finished").build();
        }
        if (d.error() != null) {
            return CheckResult.of(Status.WARNING, "could not check (at " + d.checkedAt() + "): " + d.error()).build();
        }
        if (!d.found()) {
            return CheckResult.ok("no drift: the schema is what the applied revisions produce (checked at "
                    + d.checkedAt() + ")");
        }
        int count = d.differences().size() + d.invalidIndexes().size();
        CheckResult.Builder result = CheckResult.of(Status.WARNING, count + (count == 1 ? " difference" : " differences")
                + " from what the applied revisions produce (checked at " + d.checkedAt() + ")")
                .columns("difference", "fix");
        d.differences().forEach(line -> result.row(line, ""));
        d.invalidIndexes().forEach(i -> result.row("index " + i.index() + " is invalid", i.fix()));
        return result.build();
    }
}
