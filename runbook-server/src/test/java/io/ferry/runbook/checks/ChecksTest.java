package io.ferry.runbook.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runbook.checks.CheckResult.Status;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.Connections;
import io.ferry.runbook.snapshot.Snapshot.Database;
import io.ferry.runbook.snapshot.Snapshot.InvalidIndex;
import io.ferry.runbook.snapshot.Snapshot.Lock;
import io.ferry.runbook.snapshot.Snapshot.MigrationState;
import io.ferry.runbook.snapshot.Snapshot.Migrations;
import io.ferry.runbook.snapshot.Snapshot.Pending;
import io.ferry.runbook.snapshot.Snapshot.Permissions;
import io.ferry.runbook.snapshot.Snapshot.SchemaAccess;
import io.ferry.runbook.snapshot.Snapshot.SchemaDrift;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in checks' verdicts on snapshots made by hand: a check reads the snapshot and nothing else. */
class ChecksTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private static Snapshot snapshot(Connections connections, Permissions permissions) {
        return new Snapshot(new Database(true, 3L, "17.2", 8_000_000L, null, null),
                new Migrations(MigrationState.OK, List.of("r2"), List.of("r2"), List.of(), List.of(), null, null),
                List.of(), List.of(), connections, permissions, List.of(), List.of(), NOW);
    }

    private static Permissions publicSchema(boolean canCreate, List<String> notOwned) {
        return new Permissions("app", false, false,
                List.of(new SchemaAccess("public", true, "owner", true, canCreate, 3, notOwned, List.of())));
    }

    @Test
    void theMigrationLockShowsTheHolderSinceWhenWhatItsSessionDoesAndWhatItRuns() {
        MigrationLockCheck check = new MigrationLockCheck();
        assertThat(check.evaluate(snapshot(null, null)).status()).isEqualTo(Status.OK);

        Lock own = new Lock(4242, "deploy", "ferry", NOW.minusSeconds(90)).doing("idle", "Client:ClientRead", "r3");
        CheckResult held = check.evaluate(withLock(own, List.of()));
        assertThat(held.status()).isEqualTo(Status.WARNING);
        assertThat(held.summary()).isEqualTo("held by pid 4242 (ferry, user deploy), connected 1 min 30 s ago,"
                + " running r3 (this server's run)");
        assertThat(held.columns()).containsExactly("pid", "user", "application", "connected since", "connected for",
                "state", "wait event", "runs");
        assertThat(held.rows()).containsExactly(List.of("4242", "deploy", "ferry", NOW.minusSeconds(90).toString(),
                "1 min 30 s", "idle", "Client:ClientRead", "running r3 (this server's run)"));

        Lock other = new Lock(7, "ci", "ferry", NOW.minusSeconds(5)).doing("active", null, null);
        assertThat(check.evaluate(withLock(other, List.of(new Pending("r4", "add r4", "r4.sql", "SELECT 1")))).rows())
                .singleElement().satisfies(row -> assertThat(row.subList(5, 8))
                        .containsExactly("active", "", "revision not known (next pending: r4)"));
        assertThat(MigrationLockCheck.runs(other, withLock(other, List.of()))).isEqualTo("revision not known");
    }

    private static Snapshot withLock(Lock lock, List<Pending> pending) {
        return new Snapshot(new Database(true, 3L, "17.2", 8_000_000L, null, null),
                new Migrations(MigrationState.RUNNING, List.of("r2"), List.of("r4"), pending, List.of(), null, lock),
                List.of(), List.of(), null, null, List.of(), List.of(), NOW);
    }

    @Test
    void connectionsWarnFromEightyPercentOfTheSlotsAndFailFromNinetyFive() {
        ConnectionsCheck check = new ConnectionsCheck();
        Permissions p = publicSchema(true, List.of());
        assertThat(check.evaluate(snapshot(new Connections(50, 103, 3, Map.of("idle", 50)), p)).status())
                .isEqualTo(Status.OK);
        CheckResult warning = check.evaluate(snapshot(new Connections(80, 103, 3, Map.of("active", 30, "idle", 50)), p));
        assertThat(warning.status()).isEqualTo(Status.WARNING);
        assertThat(warning.summary()).startsWith("80 of 100 connections in use (80%");
        assertThat(warning.rows()).containsExactly(List.of("active", "30"), List.of("idle", "50"));
        assertThat(check.evaluate(snapshot(new Connections(95, 103, 3, Map.of("idle", 95)), p)).status())
                .isEqualTo(Status.FAILING);
    }

    @Test
    void permissionsFailWhenTheRoleMayNotCreateAndWarnForTablesItDoesNotOwn() {
        PermissionsCheck check = new PermissionsCheck();
        Connections c = new Connections(1, 100, 3, Map.of("active", 1));
        assertThat(check.evaluate(snapshot(c, publicSchema(true, List.of()))).status()).isEqualTo(Status.OK);

        CheckResult notOwned = check.evaluate(snapshot(c, publicSchema(true, List.of("accounts"))));
        assertThat(notOwned.status()).isEqualTo(Status.WARNING);
        assertThat(notOwned.summary()).isEqualTo("role app: does not own 1 table(s) in public");
        assertThat(notOwned.rows()).singleElement().satisfies(row -> assertThat(row.get(4)).isEqualTo("accounts"));

        CheckResult cannotCreate = check.evaluate(snapshot(c, publicSchema(false, List.of())));
        assertThat(cannotCreate.status()).isEqualTo(Status.FAILING);
        assertThat(cannotCreate.summary()).isEqualTo("role app: may not create in public");

        Permissions missing = new Permissions("app", false, false,
                List.of(new SchemaAccess("billing", false, null, false, false, 0, List.of(), List.of())));
        assertThat(check.evaluate(snapshot(c, missing)).summary()).isEqualTo("role app: may not create schema billing");
    }

    @Test
    void driftIsOkWithoutDifferencesAndWarnsWithEachDifferenceOrWhenItCouldNotCheck() {
        DriftCheck check = new DriftCheck();
        Snapshot base = snapshot(null, null);
        assertThat(check.evaluate(base)).satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.WARNING);
            assertThat(r.summary()).startsWith("not checked yet");
        });
        assertThat(check.evaluate(base.withSchemaDrift(SchemaDrift.DISABLED)).summary()).contains("off");
        CheckResult ok = check.evaluate(base.withSchemaDrift(drift(List.of(), List.of(), null)));
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.summary()).isEqualTo("no drift: the schema is what the applied revisions produce (checked at "
                + NOW + ")");
        CheckResult found = check.evaluate(base.withSchemaDrift(drift(List.of("table public.notes is extra"),
                List.of(new InvalidIndex("accounts_email", "public.accounts", "rebuild it")), null)));
        assertThat(found.status()).isEqualTo(Status.WARNING);
        assertThat(found.summary()).startsWith("2 differences");
        assertThat(found.rows()).containsExactly(List.of("table public.notes is extra", ""),
                List.of("index accounts_email is invalid", "rebuild it"));
        CheckResult failed = check.evaluate(base.withSchemaDrift(drift(List.of(), List.of(), "connection refused")));
        assertThat(failed.status()).isEqualTo(Status.WARNING);
        assertThat(failed.summary()).startsWith("could not check").endsWith(": connection refused");
    }

    private static SchemaDrift drift(List<String> differences, List<InvalidIndex> invalid, String error) {
        return new SchemaDrift(true, NOW, 30L, List.of("r2"), differences, invalid, error);
    }

    @Test
    void aCheckThatThrowsIsShownFailingInsteadOfBreakingTheStatus() {
        Check broken = new Check() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public CheckResult evaluate(Snapshot snapshot) {
                throw new IllegalStateException("boom");
            }
        };
        CheckResult result = Checks.evaluate(broken, snapshot(null, null));
        assertThat(result.status()).isEqualTo(Status.FAILING);
        assertThat(result.summary()).contains("IllegalStateException");
    }
}
