package io.ferry.runbook.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.alerts.DeliveryListener;
import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.TestDatabase;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.testing.RecordingSink;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas on one database: the one holding the leader lock evaluates, the other does not, until it ends. */
class LeadershipTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private record Replica(Evaluator evaluator, RecordingSink sink, AdvisoryLeadership leadership) {
    }

    private Replica replica(String name) {
        RecordingSink sink = new RecordingSink(DeliveryListener.NONE);
        AdvisoryLeadership leadership = new AdvisoryLeadership(db::dataSource, "public");
        Evaluator evaluator = new Evaluator(Evaluator.snapshotRules(), new UnreachableRule(3, Duration.ofSeconds(10)),
                RulesTest.CONTEXT, new AlertBook(new BookFile(dir.resolve(name + ".json"))), sink, leadership);
        return new Replica(evaluator, sink, leadership);
    }

    @Test
    void onlyTheReplicaHoldingTheLeaderLockEvaluatesAndAnotherTakesOverWhenItEnds() throws Exception {
        Snapshot failed = Snapshots.at(Snapshots.T0).failure(RulesTest.FAILURE).build();
        Replica first = replica("first");
        Replica second = replica("second");
        try {
            first.evaluator().evaluate(failed);
            second.evaluator().evaluate(failed);
            assertThat(first.evaluator().leader()).isTrue();
            assertThat(second.evaluator().leader()).isFalse();
            assertThat(first.sink().received()).hasSize(1);
            assertThat(second.sink().received()).as("the follower sends nothing").isEmpty();

            first.evaluator().evaluate(failed);
            second.evaluator().evaluate(failed);
            assertThat(first.evaluator().leader()).as("the lead is kept").isTrue();
            assertThat(second.evaluator().leader()).isFalse();

            first.leadership().close();
            // A closed connection's backend ends, and frees its locks, a moment after the client lets go.
            Await.until("the old leader's session has ended", () -> db.column("SELECT pid::text FROM pg_stat_activity"
                    + " WHERE application_name = 'ferry-alerts-leader'").size() == 1);
            second.evaluator().evaluate(failed);
            assertThat(second.evaluator().leader()).as("the lead is taken over at the next evaluation").isTrue();
            assertThat(second.sink().received()).singleElement()
                    .satisfies(r -> assertThat(r.alert().key()).isEqualTo("migration-failed:r2"));
        } finally {
            first.leadership().close();
            second.leadership().close();
        }
    }

    @Test
    void theLeaderLockIsNotTheMigrationLock() {
        assertThat(AdvisoryLeadership.key("public")).isNotEqualTo(MigrationLock.key("public"))
                .isNotEqualTo(AdvisoryLeadership.key("reporting"));
    }
}
