package io.ferry.runbook.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runbook.snapshot.Snapshot.Database;
import io.ferry.runbook.snapshot.Snapshot.Lock;
import io.ferry.runbook.snapshot.Snapshot.MigrationState;
import io.ferry.runbook.snapshot.Snapshot.Migrations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How long the migration lock has been held: not how long its session has been connected. */
class LockHeldSinceTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private static Snapshot read(Instant at, Lock lock) {
        return new Snapshot(new Database(true, 1L, "17.6", null, null),
                new Migrations(MigrationState.RUNNING, List.of(), List.of(), List.of(), List.of(), null, lock), at);
    }

    @Test
    void aPooledSessionThatTakesTheLockCountsFromTheLastSnapshotThatSawItFree() {
        // The session connected 20 minutes before; the last snapshot, 5 s ago, saw the lock free.
        Snapshot free = read(T0.minusSeconds(5), null);
        Lock seen = new Lock(4242, "app", "app-pool", T0.minus(Duration.ofMinutes(20))).seenAfter(free, T0);
        assertThat(seen.heldSince()).isEqualTo(T0.minusSeconds(5));
        assertThat(seen.since()).as("the session's start is still shown").isEqualTo(T0.minus(Duration.ofMinutes(20)));

        // Later snapshots keep the time while the same session holds it.
        Lock later = new Lock(4242, "app", "app-pool", T0.minus(Duration.ofMinutes(20)))
                .seenAfter(read(T0, seen), T0.plusSeconds(5));
        assertThat(later.heldSince()).isEqualTo(T0.minusSeconds(5));
    }

    @Test
    void anotherSessionTakingTheLockStartsAnew() {
        Snapshot heldByOther = read(T0.minusSeconds(5), new Lock(1111, "deploy", "ferry", T0.minus(Duration.ofHours(1))));
        Lock seen = new Lock(2222, "deploy", "ferry", T0.minus(Duration.ofMinutes(30))).seenAfter(heldByOther, T0);
        assertThat(seen.heldSince()).isEqualTo(T0.minusSeconds(5));
    }

    @Test
    void theFirstSnapshotOfTheServerCanOnlyUseTheSessionsStartAndAnUnknownStartIsNotTheEpoch() {
        Snapshot initial = Snapshot.initial(T0.minusSeconds(1));
        assertThat(new Lock(4242, "deploy", "ferry", T0.minusSeconds(90)).seenAfter(initial, T0).heldSince())
                .isEqualTo(T0.minusSeconds(90));
        // The server's role may not see the holder's backend_start: Ferry reports the epoch.
        assertThat(new Lock(4242, "other", "ferry", Instant.EPOCH).seenAfter(initial, T0).heldSince()).isEqualTo(T0);
        assertThat(new Lock(4242, "other", "ferry", Instant.EPOCH).seenAfter(read(T0.minusSeconds(5), null), T0)
                .heldSince()).isEqualTo(T0.minusSeconds(5));
    }
}
