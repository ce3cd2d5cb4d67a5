package io.ferry.compat.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.Catalog;
import io.ferry.migration.testing.Gate;
import io.ferry.migration.testing.TestDatabase;
import io.ferry.migration.testing.UpgradeMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Ferry and Flyway 13 on the same projects and databases, each accepting what the other wrote. */
class FlywayEngineCompatTest {

    @RegisterExtension
    static final TestDatabase ferryDb = new TestDatabase();

    @RegisterExtension
    static final TestDatabase flywayDb = new TestDatabase();

    @TempDir
    Path dir;

    private static final String ROWS = "SELECT installed_rank, version, description, type, script, checksum,"
            + " installed_by, success FROM flyway_schema_history ORDER BY installed_rank";

    @BeforeEach
    void project() throws Exception {
        ferryDb.reset();
        flywayDb.reset();
        Files.writeString(dir.resolve("V1__create_people.sql"), "CREATE TABLE people (id int PRIMARY KEY, name text);\n");
        Files.writeString(dir.resolve("V1_1__add_email.sql"), "ALTER TABLE people ADD COLUMN email text;\n");
        Files.writeString(dir.resolve("U1_1__add_email.sql"), "ALTER TABLE people DROP COLUMN email;\n");
        Files.writeString(dir.resolve("V2__index.sql"), "CREATE INDEX CONCURRENTLY people_name ON people (name);\n");
        Files.writeString(dir.resolve("U2__index.sql"), "DROP INDEX CONCURRENTLY people_name;\n");
        Files.writeString(dir.resolve("R__names.sql"), "CREATE OR REPLACE VIEW names AS SELECT name FROM people;\n");
    }

    private Ferry ferry(TestDatabase db) {
        return Ferry.configure().dataSource(db.url(), db.user(), db.password()).locations(dir).flyway().load();
    }

    /**
     * Flyway with its session-level lock: with its default transactional lock, Flyway hangs on its own
     * {@code CREATE INDEX CONCURRENTLY} (its lock transaction is one the index build waits for), which
     * is the bug Ferry's lock avoids. Both lock kinds use the same key, so Ferry excludes either.
     */
    private static Flyway flyway(TestDatabase db, Path dir) {
        FluentConfiguration conf = Flyway.configure().dataSource(db.url(), db.user(), db.password())
                .locations("filesystem:" + dir);
        conf.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return conf.load();
    }

    @Test
    void ferryMigratesAFreshDatabaseAndFlywayAgreesRowForRow() throws Exception {
        MigrationResult result = ferry(ferryDb).upgrade("head");
        assertThat(result.steps()).extracting(s -> s.revision()).containsExactly("1", "1_1", "2", "R__names");

        flyway(ferryDb, dir).validate();
        assertThat(flyway(ferryDb, dir).migrate().migrationsExecuted).isZero();
        flyway(flywayDb, dir).migrate();

        assertThat(ferryDb.query(ROWS)).isEqualTo(flywayDb.query(ROWS)).hasSize(4);
        assertThat(Catalog.snapshot(ferryDb)).isEqualTo(Catalog.snapshot(flywayDb));
        assertThat(ferryDb.column("SELECT indexdef FROM pg_indexes WHERE indexname = 'people_name'")).hasSize(1);
    }

    @Test
    void flywayMigratesAndFerryReadsContinuesAndHandsBack() throws Exception {
        flyway(flywayDb, dir).migrate();
        Ferry ferry = ferry(flywayDb);
        assertThat(ferry.validate().valid()).isTrue();
        assertThat(ferry.status().upToDate()).isTrue();
        assertThat(ferry.current()).containsExactly("2");

        Files.writeString(dir.resolve("V3__age.sql"), "ALTER TABLE people ADD COLUMN age int;\n");
        assertThat(ferry(flywayDb).upgrade("head").steps()).extracting(s -> s.revision()).containsExactly("3");

        Flyway again = flyway(flywayDb, dir);
        again.validate();
        assertThat(Arrays.stream(again.info().all()).map(i -> i.getState()).distinct().toList())
                .containsExactly(MigrationState.SUCCESS);
        assertThat(again.info().all()).hasSize(5);
    }

    @Test
    void undoingTwoVersionsThenMigratingRestoresTheSchemaAndFlywayStillValidates() throws Exception {
        Ferry ferry = ferry(ferryDb);
        ferry.upgrade("head");
        List<String> atHead = Catalog.snapshot(ferryDb);

        MigrationResult undo = ferry.downgrade("-2");
        assertThat(undo.steps()).extracting(s -> s.revision()).containsExactly("2", "1_1");
        assertThat(ferryDb.column("SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'"))
                .containsExactly("0");
        assertThat(ferryDb.column("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL"))
                .containsExactly("1");
        assertThat(ferryDb.column("SELECT revision || ' ' || action FROM ferry_history WHERE action = 'downgrade'"
                + " ORDER BY id")).containsExactly("2 downgrade", "1_1 downgrade");

        ferry(ferryDb).upgrade("head");
        assertThat(Catalog.snapshot(ferryDb)).isEqualTo(atHead);
        flyway(ferryDb, dir).validate();
        assertThat(flyway(ferryDb, dir).migrate().migrationsExecuted).isZero();
    }

    /**
     * V1_5 waits at a gate, so that whichever tool applies it holds the migration lock until the test
     * opens the gate, and the other tool is seen waiting meanwhile.
     */
    private Gate gatedProject() throws Exception {
        Files.writeString(dir.resolve("V1_5__gate.sql"), Gate.PASS + "\nCREATE TABLE gated (id int);\n");
        return Gate.closed(ferryDb);
    }

    private void assertEachMigrationAppliedOnce() throws Exception {
        assertThat(ferryDb.column("SELECT count(*) FROM flyway_schema_history")).containsExactly("5");
        assertThat(ferryDb.column("SELECT count(DISTINCT coalesce(version, description)) FROM flyway_schema_history"))
                .containsExactly("5");
        flyway(ferryDb, dir).validate();
    }

    @Test
    void aFerryProcessStartedWhileFlywayMigratesWaitsThenFindsNothingToDo() throws Exception {
        CompletableFuture<Integer> byFlyway;
        UpgradeMain.Running ferry;
        try (Gate gate = gatedProject()) {
            byFlyway = CompletableFuture.supplyAsync(() -> flyway(ferryDb, dir).migrate().migrationsExecuted);
            Await.until("Flyway applying V1_5, waiting at the gate", gate::waitedAt);
            ferry = UpgradeMain.start(ferryDb, dir, true);
            ferry.awaitPrinted(UpgradeMain.WAITING);
            gate.open();
        }
        assertThat(ferry.ran()).as("migrations Ferry applied after Flyway released the lock").isZero();
        assertThat(byFlyway.get(3, TimeUnit.MINUTES)).isEqualTo(5);
        assertEachMigrationAppliedOnce();
    }

    @Test
    void flywayStartedWhileAFerryProcessMigratesWaitsThenFindsNothingToDo() throws Exception {
        CompletableFuture<Integer> byFlyway;
        UpgradeMain.Running ferry;
        try (Gate gate = gatedProject()) {
            ferry = UpgradeMain.start(ferryDb, dir, true);
            Await.until("Ferry applying V1_5, waiting at the gate", gate::waitedAt);
            byFlyway = CompletableFuture.supplyAsync(() -> flyway(ferryDb, dir).migrate().migrationsExecuted);
            // Flyway polls with pg_try_advisory_lock on a session of its own while Ferry holds the key.
            Await.until("Flyway trying the migration lock that Ferry holds", () -> ferryDb.column(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND pid <> pg_backend_pid() AND application_name <> 'ferry'"
                            + " AND query LIKE 'SELECT pg_try_advisory_lock%'").get(0).equals("1"));
            gate.open();
        }
        assertThat(ferry.ran()).isEqualTo(5);
        assertThat(byFlyway.get(3, TimeUnit.MINUTES)).as("migrations Flyway applied after Ferry released the lock")
                .isZero();
        assertEachMigrationAppliedOnce();
    }
}
