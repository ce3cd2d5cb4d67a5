package io.ferry.backfill;

import static io.ferry.backfill.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ferry.backfill.event.BackfillEvent;
import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.event.MigrationListener;
import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations and backfills that borrow their connections from an application's pool give every one of them
 * back exactly as the pool handed it out: each setting in {@code pg_settings} (what {@code SHOW ALL} prints)
 * with the same value and the same source, whatever Ferry, a revision or a batch changed on the way, after
 * success, after failure and after waiting for a lock. Each check borrows every connection of the pool at
 * once, so it sees every session Ferry may have used.
 */
class PooledConnectionsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** The pool's own session settings, none of them PostgreSQL's default, as an application's pool may set. */
    private static final String POOL_INIT = "SET application_name = 'the-app'; SET lock_timeout = '7s';"
            + " SET statement_timeout = '9s'; SET idle_session_timeout = '11min';"
            + " SET search_path = public, extensions; SET work_mem = '5MB'";
    private static final int POOL_SIZE = 4;
    private static final Map<String, Object> HASHES = Map.of("table", "templates", "key", "id",
            "columns", List.of("title", "body"), "target", "content_hash");

    @TempDir
    Path dir;

    private HikariDataSource pool;
    /** Each pooled session's settings as the pool hands it out, by its backend pid. */
    private Map<Integer, Map<String, String>> handedOut;

    @BeforeEach
    void startPool() throws Exception {
        db.reset();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        if (db.password() != null) {
            config.setPassword(db.password());
        }
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        config.setConnectionInitSql(POOL_INIT);
        pool = new HikariDataSource(config);
        handedOut = everySession();
        assertThat(handedOut.values()).allSatisfy(settings -> assertThat(settings)
                .containsEntry("application_name", "the-app (session)")
                .containsEntry("lock_timeout", "7000 (session)")
                .containsEntry("statement_timeout", "9000 (session)")
                .containsEntry("idle_session_timeout", "660000 (session)")
                .containsEntry("search_path", "public, extensions (session)")
                .containsEntry("client_connection_check_interval", "0 (default)"));
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void revisionsThatSetTheirOwnSettingsUpgradeAndDowngrade() throws Exception {
        Project p = new Project(dir);
        p.revision("p1", "base", "CREATE TABLE items (id int PRIMARY KEY);\nSET search_path = public, audit;\n"
                + "SET work_mem = '3MB';", "DROP TABLE items;\nSET work_mem = '2MB';");
        p.revision("p2", "p1", "-- ferry:transactional false\n", "CREATE INDEX CONCURRENTLY items_id ON items (id);\n"
                + "SET statement_timeout = '1min';", "DROP INDEX CONCURRENTLY items_id;");
        Ferry ferry = ferry(p, event -> { });

        ferry.upgrade("head");
        assertEverySessionAsHandedOut();
        ferry.downgrade("base");

        assertThat(ferry.current()).isEmpty();
        assertEverySessionAsHandedOut();
    }

    @Test
    void revisionsThatActAsAnotherRole() throws Exception {
        Project p = new Project(dir);
        p.revision("r0", "base", "SELECT 1;", "SELECT 1;");
        p.revision("r1", "r0", "SET ROLE pooled_owner;\nCREATE TABLE owned (id int);", "DROP TABLE owned;");
        p.revision("r2", "r1", "-- ferry:transactional false\n", "SET ROLE pooled_owner;\nCREATE TABLE owned_too (id int);",
                "DROP TABLE owned_too;");
        Ferry ferry = ferry(p, event -> { });
        ferry.upgrade("r0");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pooled_owner') THEN"
                    + " CREATE ROLE pooled_owner; END IF; END $$");
            s.execute("GRANT pooled_owner TO CURRENT_USER");
            // The revisions record themselves while acting as that role.
            s.execute("GRANT USAGE, CREATE ON SCHEMA public TO pooled_owner");
            s.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO pooled_owner");
            s.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO pooled_owner");
        }

        ferry.upgrade("head");
        assertThat(db.column("SELECT tableowner FROM pg_tables WHERE tablename LIKE 'owned%'"))
                .containsExactly("pooled_owner", "pooled_owner");
        assertEverySessionAsHandedOut();
    }

    @Test
    void revisionsThatFail() throws Exception {
        Project p = new Project(dir);
        p.revision("f1", "base", "SET search_path = public, nowhere;\nCREATE TABLE f1 (id int);", null);
        p.revision("f2", "f1", "-- ferry:transactional false\n", "SET lock_timeout = '1ms';\nSELECT 1 / 0;", null);
        Ferry ferry = ferry(p, event -> { });

        assertThatThrownBy(() -> ferry.upgrade("head")).isInstanceOf(FerryException.class)
                .hasMessageContaining("division by zero");

        assertThat(ferry.current()).containsExactly("f1");
        assertEverySessionAsHandedOut();
    }

    @Test
    void aRunThatWaitedForTheMigrationLock() throws Exception {
        Project p = new Project(dir);
        p.revision("w1", "base", "CREATE TABLE w1 (id int);", null);
        CountDownLatch waiting = new CountDownLatch(1);
        Ferry ferry = ferry(p, event -> {
            if (event instanceof MigrationEvent.LockWaiting) {
                waiting.countDown();
            }
        });
        try (Connection other = db.connect(); Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + MigrationLock.key("public") + ")");
            CompletableFuture<?> run = CompletableFuture.runAsync(() -> ferry.upgrade("head"));
            assertThat(waiting.await(1, TimeUnit.MINUTES)).isTrue();
            s.execute("SELECT pg_advisory_unlock(" + MigrationLock.key("public") + ")");
            run.get(1, TimeUnit.MINUTES);
        }

        assertThat(ferry.current()).containsExactly("w1");
        assertEverySessionAsHandedOut();
    }

    @Test
    void aRunThatGaveUpWaitingForTheMigrationLock() throws Exception {
        Project p = new Project(dir);
        p.revision("w1", "base", "CREATE TABLE w1 (id int);", null);
        Ferry ferry = p.configure(db).dataSource(pool).lockWait(Duration.ofMillis(300)).load();
        try (Connection other = db.connect(); Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + MigrationLock.key("public") + ")");

            assertThatThrownBy(() -> ferry.upgrade("head")).isInstanceOfSatisfying(FerryException.class,
                    e -> assertThat(e.code()).isEqualTo(MigrationErrorCode.LOCK_NOT_ACQUIRED));
        }

        assertEverySessionAsHandedOut();
    }

    @Test
    void aRevisionRetriedAfterLockTimeouts() throws Exception {
        db.execute("CREATE TABLE busy (id int)");
        Project p = new Project(dir);
        p.revision("r1", "base", "ALTER TABLE busy ADD COLUMN note text;", null);
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE busy IN ACCESS SHARE MODE");
            Ferry ferry = ferry(p, event -> {
                if (event instanceof MigrationEvent.LockTimeoutRetry r && r.attempt() == 2) {
                    rollback(holder);
                }
            });

            ferry.upgrade("head");

            assertThat(ferry.current()).containsExactly("r1");
        }
        assertEverySessionAsHandedOut();
    }

    @Test
    void aBackfillAndItsDryRun() throws Exception {
        Fixtures.templates(db, "templates", 3_000);
        Backfills backfills = backfills(event -> { });

        backfills.run("hashes", RunSettings.defaults().dryRun(true).batchSize(700), new RunControl());
        assertEverySessionAsHandedOut();
        RunResult result = backfills.run("hashes", RunSettings.defaults().batchSize(700), new RunControl());
        assertThat(result.state()).isEqualTo(RunState.SUCCEEDED);
        backfills.status(3);

        assertEverySessionAsHandedOut();
    }

    @Test
    void aBackfillWhoseBatchWaitedForARowLock() throws Exception {
        Fixtures.templates(db, "templates", 3_000);
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("UPDATE templates SET title = title WHERE id = 1501");
            Backfills backfills = backfills(event -> {
                if (event instanceof BackfillEvent.Retry) {
                    rollback(holder);
                }
            });

            RunResult result = backfills.run("hashes", RunSettings.defaults().batchSize(1000)
                    .lockTimeout(Duration.ofMillis(100)).retries(10), new RunControl());

            assertThat(result.state()).isEqualTo(RunState.SUCCEEDED);
        }
        assertEverySessionAsHandedOut();
    }

    @Test
    void aBackfillThatFailsAndOneThatFindsItsJobRunning() throws Exception {
        Fixtures.templates(db, "templates", 3_000);
        Backfills backfills = backfills(event -> { });
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("UPDATE templates SET title = title WHERE id = 1501");

            assertThatThrownBy(() -> backfills.run("hashes", RunSettings.defaults().batchSize(1000)
                    .lockTimeout(Duration.ofMillis(50)).retries(1), new RunControl()))
                    .isInstanceOfSatisfying(FerryException.class,
                            e -> assertThat(e.code()).isEqualTo(BackfillErrorCode.BACKFILL_FAILED));
            holder.rollback();
        }
        assertEverySessionAsHandedOut();

        try (Connection other = db.connect(); Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + JobLock.key("public", "hashes") + ")");

            assertThatThrownBy(() -> backfills.run("hashes", RunSettings.defaults(), new RunControl()))
                    .isInstanceOfSatisfying(FerryException.class,
                            e -> assertThat(e.code()).isEqualTo(BackfillErrorCode.BACKFILL_RUNNING));
        }
        assertEverySessionAsHandedOut();
    }

    private Ferry ferry(Project project, MigrationListener listener) {
        return project.configure(db).dataSource(pool).lockTimeout(Duration.ofMillis(200)).listener(listener).load();
    }

    private Backfills backfills(io.ferry.backfill.event.BackfillListener listener) {
        return Backfills.configure().dataSource(pool).projectDir(dir).job(job("hashes", "hash", HASHES))
                .listener(listener).load();
    }

    /** Every connection is back in the pool, and each session's settings are as the pool handed it out. */
    private void assertEverySessionAsHandedOut() throws SQLException {
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("connections not given back").isZero();
        Map<Integer, Map<String, String>> now = everySession();
        assertThat(now.keySet()).as("the same sessions, none replaced").isEqualTo(handedOut.keySet());
        now.forEach((pid, settings) -> assertThat(settings).as("the settings of session " + pid)
                .containsExactlyEntriesOf(handedOut.get(pid)));
    }

    /** Borrows every connection of the pool at once: each session's settings, with their source, by pid. */
    private Map<Integer, Map<String, String>> everySession() throws SQLException {
        List<Connection> borrowed = new ArrayList<>();
        try {
            Map<Integer, Map<String, String>> sessions = new TreeMap<>();
            for (int i = 0; i < POOL_SIZE; i++) {
                Connection c = pool.getConnection();
                borrowed.add(c);
                try (Statement s = c.createStatement()) {
                    int pid;
                    try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                        rs.next();
                        pid = rs.getInt(1);
                    }
                    Map<String, String> settings = new TreeMap<>();
                    // The transaction_* settings describe each transaction as it starts; after a SET TRANSACTION
                    // their source reads 'session' for good, with no way to reset it: only their values count.
                    try (ResultSet rs = s.executeQuery("SELECT name, setting || ' (' || CASE WHEN name LIKE"
                            + " 'transaction\\_%' THEN 'transaction' ELSE source END || ')' FROM pg_settings")) {
                        while (rs.next()) {
                            settings.put(rs.getString(1), rs.getString(2));
                        }
                    }
                    // Who the session acts as: SET ROLE and SET SESSION AUTHORIZATION do not show in pg_settings.
                    try (ResultSet rs = s.executeQuery("SELECT current_user, session_user, current_setting('role')")) {
                        rs.next();
                        settings.put("(current_user)", rs.getString(1));
                        settings.put("(session_user)", rs.getString(2));
                        settings.put("(role)", rs.getString(3));
                    }
                    sessions.put(pid, settings);
                }
            }
            return sessions;
        } finally {
            for (Connection c : borrowed) {
                c.close();
            }
        }
    }

    private static void rollback(Connection holder) {
        try {
            holder.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
