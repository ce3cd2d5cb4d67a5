package io.ferry.backfill;

import static io.ferry.backfill.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ferry.backfill.event.BackfillEvent;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Backends;
import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The session a run's batches use terminated with {@code pg_terminate_backend}, as the backfills runbook
 * describes it: exit 3 with {@code connection-lost}, the run left {@code interrupted} with its error, and
 * the next run resumes it from its checkpoint.
 */
class LostConnectionTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Map<String, Object> HASHES = Map.of("table", "templates", "key", "id",
            "columns", List.of("title", "body"), "target", "content_hash");

    @Test
    void aTerminatedBatchSessionLeavesTheRunInterruptedAndTheNextRunResumesIt() throws Exception {
        db.reset();
        Fixtures.templates(db, "templates", 10_000);
        // After batch 2, the batch session (the run's session that does not hold the job's lock) is ended.
        Backfills terminating = Backfills.configure().dataSource(db.dataSource()).job(job("hashes", "hash", HASHES))
                .listener(e -> {
                    if (e instanceof BackfillEvent.Progress p && p.batch() == 2) {
                        try {
                            int pid = Integer.parseInt(db.column("SELECT pid FROM pg_stat_activity"
                                    + " WHERE datname = current_database() AND application_name = 'ferry'"
                                    + " AND pid NOT IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')").get(0));
                            Backends.terminate(db.dataSource(), pid);
                        } catch (Exception ex) {
                            throw new IllegalStateException(ex);
                        }
                    }
                }).load();

        FerryException lost = catchThrowableOfType(FerryException.class, () -> terminating.run("hashes",
                RunSettings.defaults().batchSize(1000), new RunControl()));
        assertThat(lost).isNotNull();
        assertThat(lost.code()).isEqualTo(MigrationErrorCode.CONNECTION_LOST);
        assertThat(lost.category().exitCode()).isEqualTo(3);
        assertThat(lost.getMessage()).contains("backfill 'hashes' lost the connection to the database in batch 3",
                "keys after [2000]", "the batch was rolled back").doesNotContain("\n");
        assertThat(lost.hint()).contains("the batches before it are committed", "interrupted",
                "run the job again: it resumes from its checkpoint");

        assertThat(db.query("SELECT state, batches, cursor::text, error LIKE '%lost the connection%'"
                + " FROM ferry_backfill_runs")).as("recorded with its error, not failed")
                .containsExactly(List.of("running", "2", "[\"2000\"]", "t"));
        assertThat(db.column("SELECT count(*) FROM templates WHERE id > 2000 AND content_hash IS DISTINCT FROM "
                + Fixtures.HASH_SQL)).as("batch 3 was rolled back").containsExactly("4000");

        Backfills again = Backfills.configure().dataSource(db.dataSource()).job(job("hashes", "hash", HASHES)).load();
        RunRecord interrupted = again.status(0).get(0).last().orElseThrow();
        assertThat(interrupted.displayState()).isEqualTo("interrupted");
        assertThat(interrupted.error()).hasValueSatisfying(e -> assertThat(e).contains("lost the connection"));

        RunResult resumed = again.run("hashes", RunSettings.defaults(), new RunControl());
        assertThat(resumed.resumedFrom()).contains(List.of("2000"));
        assertThat(resumed.total().orElseThrow().attempts()).isEqualTo(2);
        assertThat(resumed.total().orElseThrow().displayState()).isEqualTo("succeeded");
        assertThat(db.column("SELECT count(*) FROM templates WHERE content_hash IS DISTINCT FROM " + Fixtures.HASH_SQL))
                .containsExactly("0");
    }
}
