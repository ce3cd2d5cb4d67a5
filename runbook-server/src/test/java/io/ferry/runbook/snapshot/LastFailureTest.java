package io.ferry.runbook.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Status;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.history.Action;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.runbook.snapshot.RunTracker.OwnFailure;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which failure the snapshot shows: the history's, the server's own run's, or both merged. */
class LastFailureTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static HistoryEntry row(Instant at) {
        return new HistoryEntry(7, "r2", Action.UPGRADE, "abc", "app", Optional.empty(), at, 12, false,
                Optional.of("relation \"x\" does not exist"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private static Status status(Optional<HistoryEntry> failure, List<String> pending) {
        return new Status(true, List.of("r1"), List.of("r2"), pending, Optional.empty(), failure, Optional.empty());
    }

    private static OwnFailure own(Instant started, MigrationErrorCode code) {
        return new OwnFailure(started, started.plusSeconds(1), new FerryException(code, "it failed\nbadly", "do this"));
    }

    @Test
    void aFailureOfTheServersOwnRunAndItsHistoryRowAreMerged() {
        Snapshot.Failure f = SnapshotReader.lastFailure(status(Optional.of(row(T0.plusMillis(5))), List.of("r2")),
                Optional.of(own(T0, MigrationErrorCode.MIGRATION_FAILED)));
        assertThat(f).isEqualTo(new Snapshot.Failure("r2", "migration-failed", "it failed badly", "do this",
                T0.plusMillis(5), "/runbooks/running#migration-failed"));
    }

    @Test
    void aFailureKnownOnlyFromTheHistoryKeepsItsRevisionAndCause() {
        Snapshot.Failure f = SnapshotReader.lastFailure(status(Optional.of(row(T0)), List.of("r2")), Optional.empty());
        assertThat(f.revision()).isEqualTo("r2");
        assertThat(f.code()).isEqualTo("migration-failed");
        assertThat(f.message()).isEqualTo("upgrade of r2 failed: relation \"x\" does not exist");
        assertThat(f.hint()).isEqualTo(SnapshotReader.HISTORY_HINT);
    }

    @Test
    void aNewerFailureOfTheServersOwnThatTheHistoryNeverSawWins() {
        Snapshot.Failure f = SnapshotReader.lastFailure(status(Optional.of(row(T0)), List.of("r2")),
                Optional.of(own(T0.plusSeconds(10), MigrationErrorCode.LOCK_NOT_ACQUIRED)));
        assertThat(f.code()).isEqualTo("lock-not-acquired");
        assertThat(f.revision()).isNull();
        assertThat(f.runbook()).isEqualTo("/runbooks/running#lock-not-acquired");
    }

    @Test
    void theHintOfTheServersOwnFailureIsInTheFerryCommandsWords() {
        FerryException locked = new FerryException(MigrationErrorCode.LOCK_NOT_ACQUIRED, "another run holds the lock",
                Remedy.of("wait for it, or give it longer with ", MigrationRemedy.LOCK_WAIT, "; ",
                        MigrationRemedy.SHOW_STATUS, " shows who holds it"));
        Snapshot.Failure f = SnapshotReader.lastFailure(status(Optional.empty(), List.of("r2")),
                Optional.of(new OwnFailure(T0, T0.plusSeconds(1), locked)));
        assertThat(f.hint()).isEqualTo("wait for it, or give it longer with --lock-wait; ferry status shows who holds it");
    }

    @Test
    void aFailureThatLeftStatementsAppliedIsAPartAppliedRevision() {
        HistoryEntry stopped = new HistoryEntry(8, "r3", Action.UPGRADE, "abc", "app", Optional.empty(), T0, 12, false,
                Optional.of("lock timeout\nat statement 3"), Optional.of(2), Optional.of(5), Optional.empty(),
                Optional.empty());
        assertThat(SnapshotReader.partial(Optional.of(stopped)))
                .isEqualTo(new Snapshot.Partial("r3", "upgrade", 2, 5, T0, "lock timeout at statement 3"));
        assertThat(SnapshotReader.partial(Optional.of(row(T0)))).as("a transactional revision left nothing").isNull();
        assertThat(SnapshotReader.partial(Optional.empty())).isNull();
    }

    @Test
    void anOwnFailureCountsUntilTheDatabaseIsUpToDate() {
        OwnFailure refused = own(T0, MigrationErrorCode.CONNECTION_REFUSED);
        assertThat(SnapshotReader.lastFailure(status(Optional.empty(), List.of("r2")), Optional.of(refused)).code())
                .isEqualTo("connection-refused");
        assertThat(SnapshotReader.lastFailure(status(Optional.empty(), List.of()), Optional.of(refused))).isNull();
        assertThat(SnapshotReader.lastFailure(status(Optional.empty(), List.of()), Optional.empty())).isNull();
    }
}
