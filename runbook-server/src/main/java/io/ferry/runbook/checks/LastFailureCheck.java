package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Failure;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code last-failure}: the newest migration failure nothing has put right, with its hint and runbook section. */
@ApplicationScoped
public class LastFailureCheck implements Check {

    @Override
    public String name() {
        return "last-failure";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public CheckResult evaluate(Snapshot snapshot) {
        Failure f = snapshot.migrations().lastFailure();
        if (f == null) {
            return CheckResult.ok("no failure to put right");
        }
        return CheckResult.of(Status.FAILING, f.code() + (f.revision() == null ? "" : " in " + f.revision()) + ", "
                        + Show.age(f.at(), snapshot) + " ago")
                .columns("revision", "code", "cause", "what to do", "at", "runbook")
                .row(f.revision(), f.code(), f.message(), f.hint(), Show.text(f.at()), f.runbook())
                .build();
    }
}
