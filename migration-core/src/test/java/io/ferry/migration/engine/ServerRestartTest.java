package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.actions;
import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.exec.PartialPolicy;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.testing.Backends;
import io.ferry.migration.testing.Project;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The server stopped (fast shutdown, as a restart does) while a revision runs statement by statement. This
 * class starts a server of its own, since it stops it: the shared one stays up for the other tests. The
 * failure is recorded once the server is back, or, if it stays down for longer than the run waits, the
 * error says the failure is not recorded.
 */
class ServerRestartTest {

    @TempDir
    static Path dataDirectory;

    private static final ExecutorService background = Executors.newCachedThreadPool();
    private static EmbeddedPostgres server;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        server = builder().start();
        port = server.getPort();
    }

    @AfterAll
    static void stop() throws IOException {
        background.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /** A server on the same data directory (and, after the first start, the same port) every time. */
    private static EmbeddedPostgres.Builder builder() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.resolve("data"))
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off");
        return port == 0 ? builder : builder.setPort(port);
    }

    private static void stopServer() throws IOException {
        server.close(); // pg_ctl stop -m fast: ends every session, as a restart does
        server = null;
    }

    private static void startServer() throws IOException {
        server = builder().start();
    }

    private static DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://127.0.0.1:" + port + "/" + database);
        ds.setUser("postgres");
        return ds;
    }

    private static DataSource newDatabase(String name) throws Exception {
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return dataSource(name);
    }

    private static FerryConfiguration configure(Project p, String database, Duration connectTimeout) {
        return Ferry.configure().dataSource("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", null)
                .connectTimeout(connectTimeout).locations(p.dir());
    }

    private static Path revisions(Project p) {
        p.revision("r1", "base", "CREATE TABLE pause (seconds int);\nINSERT INTO pause VALUES (300);", null);
        return p.revision("r2", "r1", "-- ferry:transactional false\n", """
                CREATE TABLE made (n int);
                INSERT INTO made SELECT 2 FROM pg_sleep((SELECT seconds FROM pause));
                INSERT INTO made VALUES (3);""", null);
    }

    @Test
    void aRestartMidRevisionIsRecordedOnceTheServerIsBackAndResumeCompletesIt(@TempDir Path dir) throws Exception {
        DataSource db = newDatabase("restarted");
        Project p = new Project(Files.createDirectories(dir.resolve("migrations")));
        Path file = revisions(p);
        // Waits for up to a minute for the server to come back, to record the failure.
        Ferry ferry = configure(p, "restarted", Duration.ofMinutes(1)).load();
        ferry.upgrade("r1");

        Future<MigrationResult> run = background.submit(() -> ferry.upgrade("head"));
        Backends.awaitRunning(db, "INSERT INTO made SELECT 2");
        stopServer();
        startServer();

        FerryException lost = assertFails(() -> Backends.outcome(run), MigrationErrorCode.CONNECTION_LOST,
                "upgrade of r2", file + ":7", "while statement 2 of 3 ran", "statement 1 of 3 ran and stays applied");
        assertThat(lost.getMessage()).doesNotContain("failed too")
                .contains("the migration lock was lost too, so another run may have started");
        assertThat(lost.hint()).contains("the failure is recorded with statement 1 of 3 done");
        assertThat(actions(lost)).containsExactly("SHOW_STATUS", "RESUME");

        HistoryEntry failure = ferry.status().lastFailure().orElseThrow();
        assertThat(failure.revision()).isEqualTo("r2");
        assertThat(failure.statementsDone()).contains(1);
        assertThat(failure.statementsTotal()).contains(3);

        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE pause SET seconds = 0");
        }
        configure(p, "restarted", Duration.ofSeconds(10)).partialPolicy(PartialPolicy.RESUME).load().upgrade("head");
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT string_agg(n::text, ',' ORDER BY n) FROM made")) {
            rs.next();
            assertThat(rs.getString(1)).as("statements 2 and 3 ran once each").isEqualTo("2,3");
        }
        assertThat(ferry.current()).containsExactly("r2");
        assertThat(ferry.status().lastFailure()).isEmpty();
    }

    @Test
    void aServerThatStaysDownLongerThanTheRunWaitsGetsAnErrorSayingTheFailureIsNotRecorded(@TempDir Path dir)
            throws Exception {
        DataSource db = newDatabase("stays_down");
        Project p = new Project(Files.createDirectories(dir.resolve("migrations")));
        revisions(p);
        Ferry ferry = configure(p, "stays_down", Duration.ofSeconds(1)).load();
        ferry.upgrade("r1");

        Future<MigrationResult> run = background.submit(() -> ferry.upgrade("head"));
        Backends.awaitRunning(db, "INSERT INTO made SELECT 2");
        stopServer();
        FerryException lost;
        try {
            lost = assertFails(() -> Backends.outcome(run), MigrationErrorCode.CONNECTION_LOST,
                    "upgrade of r2", "statement 1 of 3 ran and stays applied");
        } finally {
            startServer();
        }
        assertThat(lost.hint()).contains("recording the failure in the history failed too", "will not show it",
                "a new run would start the revision at statement 1 again: undo statement 1 by hand before it",
                "check that the server is up");
        assertThat(lost.hint()).doesNotContain("continue at statement");
        assertThat(actions(lost)).containsExactly("SHOW_STATUS");
        assertThat(ferry.status().lastFailure()).as("as the error said").isEmpty();
    }
}
