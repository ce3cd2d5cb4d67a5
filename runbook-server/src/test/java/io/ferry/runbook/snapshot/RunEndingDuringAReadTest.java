package io.ferry.runbook.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.testing.TestDatabase;
import io.ferry.runbook.project.ServerProject;
import io.ferry.runbook.snapshot.Snapshot.MigrationState;
import io.ferry.runbook.testing.Migrations;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of the server's that ends while a refresh reads the database: the read may have seen the database before
 * the run committed, so it must say the run is going on, never the state from before the run (a dashboard would
 * show a run that succeeded as failed until the next refresh). The run's own refresh, which follows, says how it
 * ended.
 */
class RunEndingDuringAReadTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void aRunThatEndsDuringTheReadIsShownRunningAndTheNextReadShowsTheDatabase() {
        Migrations.revision(dir, "r1", "base", "CREATE TABLE accounts (id bigint PRIMARY KEY);");
        Ferry ferry = Ferry.configure().dataSource(db.dataSource()).locations(dir).load();
        RunTracker runs = new RunTracker();
        assertThat(runs.tryStart()).isTrue();
        boolean[] endTheRun = {true};
        ServerProject project = new ServerProject() {
            @Override
            public DataSource dataSource() {
                return db.dataSource();
            }

            @Override
            public <T> T onOneSession(SessionWork<T> work) throws SQLException {
                if (endTheRun[0]) {
                    // The run ends (nothing applied, so the database still shows r1 pending) once the read began.
                    runs.finish(Instant.now(), null);
                    endTheRun[0] = false;
                }
                return ServerProject.super.onOneSession(work);
            }

            @Override
            public Ferry ferry() {
                return ferry;
            }

            @Override
            public Ferry reload() {
                return ferry;
            }

            @Override
            public Path projectDir() {
                return dir;
            }

            @Override
            public String describe() {
                return "the test database";
            }
        };
        SnapshotReader reader = new SnapshotReader(project, Duration.ofMinutes(5));

        Snapshot during = reader.read(Snapshot.initial(Instant.now()), runs);
        assertThat(runs.running()).isFalse();
        assertThat(during.database().reachable()).isTrue();
        assertThat(during.migrations().state()).as("read while the run ended").isEqualTo(MigrationState.RUNNING);

        Snapshot after = reader.read(during, runs);
        assertThat(after.migrations().state()).isEqualTo(MigrationState.PENDING);
        assertThat(after.migrations().pending()).extracting(Snapshot.Pending::id).containsExactly("r1");
    }
}
