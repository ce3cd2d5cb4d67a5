package io.ferry.runbook.alerts;

import static io.ferry.runbook.alerts.Snapshots.T0;
import static io.ferry.runbook.alerts.Snapshots.backfill;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.alerts.Alert;
import io.ferry.alerts.DeliveryListener;
import io.ferry.alerts.Severity;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.ChangedFile;
import io.ferry.runbook.snapshot.Snapshot.Drift;
import io.ferry.runbook.snapshot.Snapshot.Failure;
import io.ferry.runbook.snapshot.Snapshot.HistoryRow;
import io.ferry.runbook.snapshot.Snapshot.Lock;
import io.ferry.runbook.snapshot.Snapshot.Partial;
import io.ferry.runbook.testing.RecordingSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule, snapshot in, alerts out: it fires, it is not sent again while it fires, and it resolves. */
class RulesTest {

    static final RuleContext CONTEXT = new RuleContext("orders", "https://ferry.example", Duration.ofMinutes(15),
            Duration.ofMinutes(10));
    static final Failure FAILURE = new Failure("r2", "migration-failed", "upgrade of r2 failed: relation \"acounts\""
            + " does not exist", "fix the SQL, then retry", T0, "/runbooks/running#migration-failed");

    @TempDir
    Path dir;
    private RecordingSink sink;
    private Evaluator evaluator;

    @BeforeEach
    void start() {
        sink = new RecordingSink(DeliveryListener.NONE);
        evaluator = new Evaluator(Evaluator.snapshotRules(), new UnreachableRule(3, Duration.ofSeconds(10)), CONTEXT,
                new AlertBook(new BookFile(dir.resolve("state.json"))), sink, Leadership.ALWAYS);
    }

    private List<Alert> sent() {
        return sink.received().stream().map(RecordingSink.Received::alert).toList();
    }

    private List<Alert> after(Snapshot snapshot) {
        int before = sink.received().size();
        evaluator.evaluate(snapshot);
        List<Alert> all = sent();
        return all.subList(before, all.size());
    }

    private static Snapshots at(long seconds) {
        return Snapshots.at(T0.plusSeconds(seconds));
    }

    @Test
    void migrationFailedFiresOnceAndResolvesWhenALaterAttemptSucceeds() {
        List<Alert> fired = after(at(1).failure(FAILURE).build());
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("migration-failed:r2");
            assertThat(a.rule()).isEqualTo("migration-failed");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.summary()).startsWith("Migration failed on orders: revision r2 (migration-failed): ")
                    .doesNotContain("\n");
            assertThat(a.runbook()).isEqualTo("https://ferry.example/runbooks/running#migration-failed");
            assertThat(a.startsAt()).isEqualTo(T0);
            assertThat(a.endsAt()).isNull();
            assertThat(a.details()).containsEntry("database", "orders").containsEntry("subject", "r2")
                    .containsEntry("current", List.of("r1")).containsEntry("target", List.of("r2"))
                    .containsEntry("code", "migration-failed").containsEntry("hint", "fix the SQL, then retry")
                    .containsEntry("failedAt", T0.toString());
        });
        assertThat(after(at(6).failure(FAILURE).build())).as("still firing: not sent again").isEmpty();

        HistoryRow success = new HistoryRow("r2", "upgrade", true, T0.plusSeconds(20), 5, null);
        List<Alert> resolved = after(at(21).failure(FAILURE).history(success).build());
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("migration-failed:r2");
            assertThat(a.startsAt()).isEqualTo(T0);
            assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(21));
        });
        assertThat(after(at(26).build())).isEmpty();
    }

    @Test
    void migrationFailedResolvesWhenTheDatabaseReachesTheHeadsAndNamesTheTargetWhenNoRevisionFailed() {
        Failure refused = new Failure(null, "lock-not-acquired", "another session holds the migration lock", "wait",
                T0, "/runbooks/running#lock-not-acquired");
        assertThat(after(at(1).failure(refused).build())).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("migration-failed:r2");
            assertThat(a.summary()).contains("the migration run to r2 (lock-not-acquired)");
            assertThat(a.runbook()).endsWith("/runbooks/running#lock-not-acquired");
        });
        assertThat(after(at(2).failure(refused).upToDate().build())).singleElement()
                .satisfies(a -> assertThat(a.firing()).isFalse());
    }

    @Test
    void rulesTheSnapshotCannotEvaluateKeepTheirAlerts() {
        after(at(1).failure(FAILURE).build());
        assertThat(after(at(6).unreachable().build())).as("the database did not answer: nothing resolves").isEmpty();
        assertThat(evaluator.book().active()).extracting(Alert::key).containsExactly("migration-failed:r2");
    }

    @Test
    void aReplicaThatDoesNotLeadEvaluatesNothing() {
        Leadership follower = Leadership.fixed(false);
        Evaluator other = new Evaluator(Evaluator.snapshotRules(), new UnreachableRule(3, Duration.ofSeconds(10)),
                CONTEXT, new AlertBook(new BookFile(dir.resolve("other.json"))), sink, follower);
        other.evaluate(at(1).failure(FAILURE).build());
        assertThat(sink.received()).isEmpty();
        assertThat(other.leader()).isFalse();
    }

    @Test
    void databaseUnreachableFiresAfterTheThirdFailedProbeAndResolvesWithTheFirstAnswer() {
        ProbeResult refused = new ProbeResult(T0.plusMillis(12_345), MigrationErrorCode.CONNECTION_REFUSED,
                "connection refused");
        evaluator.probed(refused);
        evaluator.probed(new ProbeResult(T0.plusSeconds(22), MigrationErrorCode.CONNECTION_REFUSED, "refused"));
        assertThat(sent()).as("two failed probes are not enough").isEmpty();
        evaluator.probed(new ProbeResult(T0.plusSeconds(32), MigrationErrorCode.CONNECTION_REFUSED, "refused"));
        assertThat(sent()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("database-unreachable:orders");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.runbook()).isEqualTo("https://ferry.example/runbooks/connections#connection-refused");
            assertThat(a.startsAt()).as("the first failure, on the probe interval's grid").isEqualTo(T0.plusSeconds(10));
            assertThat(a.details()).containsEntry("code", "connection-refused").containsEntry("failedProbes", 3);
        });
        evaluator.probed(new ProbeResult(T0.plusSeconds(42), MigrationErrorCode.CONNECTION_REFUSED, "refused"));
        assertThat(sent()).hasSize(1);
        evaluator.probed(ProbeResult.answered(T0.plusSeconds(52)));
        assertThat(sent()).hasSize(2).last().satisfies(a -> {
            assertThat(a.key()).isEqualTo("database-unreachable:orders");
            assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(52));
        });
    }

    @Test
    void backfillFailedFiresForTheJobAndResolvesOnlyWhenALaterRunSucceeds() {
        Instant ended = T0.minusSeconds(30);
        assertThat(after(at(1).backfills(backfill("hashes", "failed", ended, ended, "boom")).build()))
                .singleElement().satisfies(a -> {
                    assertThat(a.key()).isEqualTo("backfill-failed:hashes");
                    assertThat(a.severity()).isEqualTo(Severity.ERROR);
                    assertThat(a.summary()).isEqualTo("Backfill hashes failed on orders: boom");
                    assertThat(a.runbook()).isEqualTo("https://ferry.example/runbooks/backfills#backfill-failed");
                    assertThat(a.startsAt()).isEqualTo(ended);
                    assertThat(a.details()).containsEntry("job", "hashes").containsEntry("rowsScanned", 250L)
                            .containsEntry("error", "boom");
                });
        assertThat(after(at(6).backfills(backfill("hashes", "failed", ended, ended, "boom")).build())).isEmpty();
        assertThat(after(at(11).backfills(backfill("hashes", "running", T0, null, null)).build()))
                .as("a new run has not succeeded yet").isEmpty();
        assertThat(after(at(16).backfills(backfill("hashes", "succeeded", T0, T0.plusSeconds(15), null)).build()))
                .singleElement().satisfies(a -> assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(16)));
    }

    @Test
    void schemaOutOfSyncFiresForEditedOrMissingFilesAndResolvesWhenTheyAgree() {
        Drift edited = new Drift(List.of(new ChangedFile("r1", "migrations/r1.sql", "abc", "def")), List.of());
        assertThat(after(at(1).drift(edited).build())).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("schema-out-of-sync:orders");
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.summary()).contains("applied file edited: r1 (migrations/r1.sql)");
            assertThat(a.runbook()).endsWith("/runbooks/running#checksum-mismatch");
        });
        assertThat(after(at(6).drift(new Drift(List.of(), List.of("r9"))).unknown("r9").build()))
                .as("still out of sync, for another reason: the same alert").isEmpty();
        assertThat(after(at(11).build())).singleElement().satisfies(a -> assertThat(a.firing()).isFalse());
        assertThat(after(at(16).unknown("r9").build())).singleElement().satisfies(a -> {
            assertThat(a.summary()).contains("applied revisions no file defines: r9");
            assertThat(a.runbook()).endsWith("/runbooks/targets#unknown-applied-revision");
        });
    }

    @Test
    void schemaOutOfSyncFiresOnDriftListingTheDifferencesAndResolvesWhenBothClear() {
        String column = "column public.orders.note differs: type text, made by the revisions varchar(80)";
        assertThat(after(at(1).schemaDrift(column).build())).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("schema-out-of-sync:orders");
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.summary()).contains("the schema differs from what the applied revisions produce: " + column);
            assertThat(a.details()).containsEntry("differences", List.of(column));
            assertThat(a.runbook()).endsWith("/runbooks/alerts#schema-out-of-sync");
        });
        Drift edited = new Drift(List.of(new ChangedFile("r1", "migrations/r1.sql", "abc", "def")), List.of());
        assertThat(after(at(6).drift(edited).schemaDrift().build()))
                .as("the drift is gone but a file is edited: still firing").isEmpty();
        assertThat(after(at(11).schemaDrift(column).build()))
                .as("the file is back but the drift returned: still firing").isEmpty();
        assertThat(after(at(16).build())).as("a drift check that has not run is no drift")
                .singleElement().satisfies(a -> assertThat(a.firing()).isFalse());
        assertThat(after(at(21).schemaDrift().build())).isEmpty();
    }

    @Test
    void aDriftCheckThatCouldNotRunFiresNothing() {
        Snapshot failed = at(1).build().withSchemaDrift(new Snapshot.SchemaDrift(true, T0, 5L, List.of(), List.of(),
                List.of(), "connection refused"));
        assertThat(after(failed)).isEmpty();
    }

    @Test
    void migrationStuckFiresWhenTheLockIsHeldTooLongAndResolvesWhenItIsFree() {
        Lock lock = new Lock(4242, "deploy", "ferry", T0.minus(Duration.ofMinutes(14)));
        assertThat(after(Snapshots.at(T0).lock(lock).build())).as("14 min: not yet").isEmpty();
        List<Alert> fired = after(Snapshots.at(T0.plus(Duration.ofMinutes(1))).lock(lock).build());
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("migration-stuck:orders");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.summary()).isEqualTo("Migration lock on orders held for 15min by pid 4242 (deploy, ferry)");
            assertThat(a.runbook()).isEqualTo("https://ferry.example/runbooks/stuck-migration#steps");
            assertThat(a.details()).containsEntry("pid", 4242).containsEntry("user", "deploy");
        });
        assertThat(after(Snapshots.at(T0.plus(Duration.ofMinutes(2))).lock(lock).build())).isEmpty();
        assertThat(after(Snapshots.at(T0.plus(Duration.ofMinutes(3))).build())).singleElement()
                .satisfies(a -> assertThat(a.firing()).isFalse());
    }

    @Test
    void migrationStuckFiresForAPartAppliedRevisionUntilItIsFinished() {
        Partial partial = new Partial("r2", "upgrade", 2, 5, T0, "canceling statement due to lock timeout");
        assertThat(after(at(1).partial(partial).build())).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("migration-stuck:r2");
            assertThat(a.summary()).contains("statements 1 to 2 of 5 stay applied");
            assertThat(a.runbook()).endsWith("/runbooks/running#partially-applied");
            assertThat(a.startsAt()).isEqualTo(T0);
        });
        assertThat(after(at(6).partial(partial).build())).isEmpty();
        assertThat(after(at(11).build())).singleElement().satisfies(a -> assertThat(a.firing()).isFalse());
    }

    @Test
    void backfillStalledFiresWhenARunMakesNoProgressAndResolvesWhenItMovesAgain() {
        Instant lastBatch = T0.minus(Duration.ofMinutes(9));
        assertThat(after(at(0).backfills(backfill("hashes", "running", lastBatch, null, null)).build())).isEmpty();
        List<Alert> fired = after(at(60).backfills(backfill("hashes", "running", lastBatch, null, null)).build());
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("backfill-stalled:hashes");
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.summary()).isEqualTo("Backfill hashes on orders has made no progress for 10min (running,"
                    + " 250 rows walked)");
            assertThat(a.runbook()).endsWith("/runbooks/backfills-safely#during-the-run");
            assertThat(a.startsAt()).isEqualTo(lastBatch);
        });
        assertThat(after(at(120).backfills(backfill("hashes", "running", lastBatch, null, null)).build())).isEmpty();
        assertThat(after(at(180).backfills(backfill("hashes", "running", T0.plusSeconds(170), null, null)).build()))
                .singleElement().satisfies(a -> assertThat(a.firing()).isFalse());
    }
}
