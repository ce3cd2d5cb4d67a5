package io.ferry.runbook.alerts;

import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Backfill;
import io.ferry.runbook.snapshot.Snapshot.Database;
import io.ferry.runbook.snapshot.Snapshot.Drift;
import io.ferry.runbook.snapshot.Snapshot.Failure;
import io.ferry.runbook.snapshot.Snapshot.HistoryRow;
import io.ferry.runbook.snapshot.Snapshot.Lock;
import io.ferry.runbook.snapshot.Snapshot.MigrationState;
import io.ferry.runbook.snapshot.Snapshot.Migrations;
import io.ferry.runbook.snapshot.Snapshot.Partial;
import io.ferry.runbook.snapshot.Snapshot.Pending;
import io.ferry.runbook.snapshot.Snapshot.SchemaDrift;
import java.time.Instant;
import java.util.List;

/** Snapshots for the rules' tests: a database that answers, at r1 of r1..r2 unless told otherwise. */
final class Snapshots {

    static final Instant T0 = Instant.parse("2026-03-01T14:00:00Z");

    private Instant at = T0;
    private List<String> current = List.of("r1");
    private List<Pending> pending = List.of(new Pending("r2", "add r2", "r2.sql"));
    private List<String> unknown = List.of();
    private Failure failure;
    private Lock lock;
    private List<HistoryRow> history = List.of();
    private Drift drift = Drift.NONE;
    private Partial partial;
    private List<Backfill> backfills = List.of();
    private boolean reachable = true;
    private SchemaDrift schemaDrift = SchemaDrift.NOT_CHECKED;

    static Snapshots at(Instant at) {
        Snapshots s = new Snapshots();
        s.at = at;
        return s;
    }

    Snapshots upToDate() {
        current = List.of("r2");
        pending = List.of();
        return this;
    }

    Snapshots failure(Failure failure) {
        this.failure = failure;
        return this;
    }

    Snapshots lock(Lock lock) {
        this.lock = lock;
        return this;
    }

    Snapshots history(HistoryRow... rows) {
        this.history = List.of(rows);
        return this;
    }

    Snapshots drift(Drift drift) {
        this.drift = drift;
        return this;
    }

    /** The last drift check found {@code differences} (none: no drift), at the snapshot's time. */
    Snapshots schemaDrift(String... differences) {
        this.schemaDrift = new SchemaDrift(true, at, 40L, current, List.of(differences), List.of(), null);
        return this;
    }

    Snapshots unknown(String... ids) {
        this.unknown = List.of(ids);
        return this;
    }

    Snapshots partial(Partial partial) {
        this.partial = partial;
        return this;
    }

    Snapshots backfills(Backfill... jobs) {
        this.backfills = List.of(jobs);
        return this;
    }

    Snapshots unreachable() {
        this.reachable = false;
        return this;
    }

    Snapshot build() {
        Database database = reachable ? new Database(true, 1L, "17.2", null, null)
                : new Database(false, null, null, "connection-refused", "connection refused");
        MigrationState state = lock != null ? MigrationState.RUNNING : failure != null ? MigrationState.FAILED
                : pending.isEmpty() ? MigrationState.OK : MigrationState.PENDING;
        return new Snapshot(database, new Migrations(state, current, List.of("r2"), pending, unknown, failure, lock,
                history, drift, partial), List.of(), List.of(), null, null, List.of(), backfills, at, schemaDrift);
    }

    /** A backfill job's newest run in {@code state}, last moved at {@code updatedAt}. */
    static Backfill backfill(String job, String state, Instant updatedAt, Instant endedAt, String error) {
        return new Backfill(job, "hash", state, null, 7L, 250, 200, 3, null, error, T0.minusSeconds(3600), updatedAt,
                endedAt);
    }
}
