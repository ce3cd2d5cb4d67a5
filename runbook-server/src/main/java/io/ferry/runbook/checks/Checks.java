package io.ferry.runbook.checks;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Every {@link Check} bean, in order; evaluates them on a snapshot. */
@ApplicationScoped
public class Checks {

    private static final Logger LOG = Logger.getLogger(Checks.class);

    private final List<Check> checks;

    public Checks(@All List<Check> found) {
        this.checks = found.stream().sorted(Comparator.comparingInt(Check::order).thenComparing(Check::name)).toList();
    }

    /** The checks, in order. */
    public List<Check> all() {
        return checks;
    }

    public Optional<Check> find(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Each check's result by name, in order. A check that throws is shown failing with the error, not dropped. */
    public Map<String, CheckResult> evaluate(Snapshot snapshot) {
        Map<String, CheckResult> results = new LinkedHashMap<>();
        for (Check check : checks) {
            results.put(check.name(), evaluate(check, snapshot));
        }
        return results;
    }

    static CheckResult evaluate(Check check, Snapshot snapshot) {
        try {
            return check.evaluate(snapshot);
        } catch (RuntimeException e) {
            LOG.errorf(e, "check %s failed: %s", check.name(), e.getMessage());
            return CheckResult.of(Status.FAILING, "the check itself failed: " + e.getClass().getSimpleName()).build();
        }
    }
}
