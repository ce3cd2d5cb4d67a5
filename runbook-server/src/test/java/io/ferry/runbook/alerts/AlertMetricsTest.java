package io.ferry.runbook.alerts;

import static io.ferry.runbook.alerts.Snapshots.T0;
import static io.ferry.runbook.alerts.Snapshots.backfill;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.alerts.DeliveryListener;
import io.ferry.runbook.testing.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry_alerts_firing{rule,severity}} counts the alerts of each rule that fire, not whether one does. */
class AlertMetricsTest {

    @TempDir
    Path dir;

    @Test
    void twoBackfillJobsFailingAreTwoAlertsFiring() {
        AlertBook book = new AlertBook(new BookFile(dir.resolve("state.json")));
        Evaluator evaluator = new Evaluator(Evaluator.snapshotRules(), new UnreachableRule(3, Duration.ofSeconds(10)),
                RulesTest.CONTEXT, book, new RecordingSink(DeliveryListener.NONE), Leadership.ALWAYS);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AlertMetrics.register(registry, () -> book);
        assertThat(firing(registry, "backfill-failed", "error")).isZero();

        evaluator.evaluate(Snapshots.at(T0.plusSeconds(1)).backfills(
                backfill("hashes", "failed", T0, T0, "boom"),
                backfill("totals", "failed", T0, T0, "bang")).build());
        assertThat(firing(registry, "backfill-failed", "error")).isEqualTo(2);
        assertThat(firing(registry, "migration-failed", "critical")).isZero();
        assertThat(firing(registry, "database-unreachable", "critical")).isZero();

        evaluator.evaluate(Snapshots.at(T0.plusSeconds(20)).backfills(
                backfill("hashes", "succeeded", T0.plusSeconds(15), T0.plusSeconds(15), null),
                backfill("totals", "failed", T0, T0, "bang")).build());
        assertThat(firing(registry, "backfill-failed", "error")).as("one job's run succeeded since").isEqualTo(1);
    }

    private static double firing(SimpleMeterRegistry registry, String rule, String severity) {
        return registry.get("ferry.alerts.firing").tag("rule", rule).tag("severity", severity).gauge().value();
    }
}
