package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.Backends;
import io.ferry.migration.testing.Deadlock;
import io.ferry.migration.testing.Gate;
import io.ferry.migration.testing.Privileges;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.SmallDisk;
import io.ferry.migration.testing.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure a run meets in the database, provoked for real and seen through {@code ./ferry}: a user
 * without a privilege, a disk that fills up, the server out of memory, a lock held by another session, a
 * deadlock, a serialization failure, a statement that runs too long, a read-only database, a database built by hand, a syntax error, a work connection that is
 * terminated, the migration lock held by a stuck run, several heads and an unknown target. Each test
 * asserts the exit code, the error line's code and its runbook section, the hint's words, that the
 * password (given in the URL, as {@code postgres://user:password@...}) shows nowhere, and what the
 * database holds after: unchanged, or the revision rolled back with its failure recorded. Failures to
 * open a connection are {@link ConnectionErrorsIT}'s and {@link ConnectTimeoutIT}'s.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FailuresIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase db = new TestDatabase();

    private static final String SECRET = "Fa1lure-s3cret";
    /** deploy, a user that owns schema {@code mine} and nothing else; owner, of schema app and its table t. */
    @RegisterExtension
    @Order(2)
    static final Privileges ROLES = new Privileges(db, SECRET);
    private static final String DEPLOY = ROLES.deploy();

    @TempDir
    Path cwd;

    private Project project;

    @BeforeEach
    void emptyDatabase() throws Exception {
        db.reset();
        project = new Project(cwd.resolve("migrations"));
    }

    /** The password of the test's own user: the server's, or else one the server does not ask for. */
    private static String password() {
        return db.password() != null ? db.password() : SECRET;
    }

    /** ./ferry connecting as {@code user}, the password in the URL. */
    private Cli as(String user, String password) {
        return new Cli(cwd).env("FERRY_URL", "postgres://" + user + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@" + db.host() + ":" + db.port() + "/"
                + db.name());
    }

    /** ./ferry connecting as the test's own user, who may do anything. */
    private Cli admin() {
        return as(db.user(), password());
    }

    private static Cli.Result ok(Cli cli, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    private static ErrorLines fails(Cli cli, int exit, String code, String... args) {
        return failed(cli.run(args), exit, code);
    }

    /**
     * Asserts that the run ended with {@code exit} and error {@code code} (its section in the repository),
     * its error lines last on stderr, nothing on stdout and no password anywhere; returns the error.
     */
    private static ErrorLines failed(Cli.Result r, int exit, String code) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).doesNotContain(SECRET).doesNotContain(password())
                .as("in the command line's words, not the library's: %s", r).doesNotContainPattern("Ferry\\.[a-z]");
        ErrorLines error = ErrorLines.last(r).hasCode(code);
        assertThat(error.hint()).as(r.toString()).isNotBlank();
        return error;
    }

    /** Asserts that the history's last entry in {@code schema} is a failure of {@code revision} naming the SQLSTATE. */
    private static void failureRecorded(String schema, String revision, String sqlState) throws SQLException {
        assertThat(db.query("SELECT revision, success::text, error FROM " + schema + ".ferry_history"
                + " ORDER BY id DESC LIMIT 1")).singleElement().satisfies(row -> {
                    assertThat(row.subList(0, 2)).containsExactly(revision, "false");
                    assertThat(row.get(2)).contains(sqlState);
                });
    }

    private static void absent(String table) throws SQLException {
        assertThat(db.column("SELECT to_regclass('" + table + "') IS NULL")).as(table + " is absent")
                .containsExactly("t");
    }

    private static void present(String table) throws SQLException {
        assertThat(db.column("SELECT to_regclass('" + table + "') IS NULL")).as(table + " is present")
                .containsExactly("f");
    }

    private static List<String> versions(String schema) throws SQLException {
        return db.column("SELECT version_num FROM " + schema + ".ferry_version ORDER BY version_num");
    }

    /** The first statement of {@code hint} that starts with {@code start} and ends before ';', ',' or the end. */
    private static String statementIn(String hint, String start) {
        Matcher m = Pattern.compile(Pattern.quote(start) + "[^;,]*").matcher(hint);
        assertThat(m.find()).as("%s... in the hint: %s", start, hint).isTrue();
        return m.group().strip();
    }

    // --- permission denied

    @Test
    void permissionDeniedOnARevisionsTableNamesTheGrant() throws Exception {
        ROLES.schemas();
        project.revision("pd0001", "base", "CREATE TABLE mine.made (id int);\nINSERT INTO app.t VALUES (1);", null);

        ErrorLines e = fails(as(DEPLOY, SECRET), 1, "permission-denied", "upgrade", "--schema", "mine");
        assertThat(e.message()).contains("pd0001", "permission denied for table t",
                "user " + DEPLOY + " lacks INSERT on table app.t");
        assertThat(e.hint()).contains("GRANT INSERT ON TABLE app.t TO " + DEPLOY,
                "nothing of this revision was applied");
        absent("mine.made");
        assertThat(versions("mine")).isEmpty();
        failureRecorded("mine", "pd0001", "42501");

        db.execute(statementIn(e.hint(), "GRANT INSERT"));
        ok(as(DEPLOY, SECRET), "upgrade", "--schema", "mine");
        assertThat(db.column("SELECT count(*) FROM app.t")).containsExactly("1");
    }

    @Test
    void permissionDeniedOnFerrysOwnTablesNamesTheSchemaGrantOrTheSchemaOption() throws Exception {
        ROLES.schemas();
        project.revision("pd0002", "base", "CREATE TABLE mine.made (id int);", null);

        ErrorLines e = fails(as(DEPLOY, SECRET), 1, "permission-denied", "upgrade");
        assertThat(e.message()).contains("creating the history tables", "user " + DEPLOY
                + " lacks CREATE on schema public");
        assertThat(e.hint()).contains("GRANT CREATE ON SCHEMA public TO " + DEPLOY, "--schema mine",
                "nothing was changed");
        assertThat(db.column("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ferry\\_%'")).containsExactly("0");
        absent("mine.made");

        ok(as(DEPLOY, SECRET), "upgrade", "--schema", "mine");
        assertThat(versions("mine")).containsExactly("pd0002");
    }

    // --- the server's own refusals

    @Test
    void aFullDiskRollsTheRevisionBackAndRecordsIt() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(2)) {
            try {
                String tablespace = disk.createTablespace(db);
                project.revision("df0001", "base", "CREATE TABLE filler (id int, t text) TABLESPACE " + tablespace
                        + ";\nINSERT INTO filler SELECT g, md5(g::text) FROM generate_series(1, 1000000) g;", null);

                ErrorLines e = fails(admin(), 1, "disk-full", "upgrade");
                assertThat(e.message()).contains("df0001", "ran out of disk space", "No space left on device");
                assertThat(e.hint()).contains("nothing of this revision was applied", "free space");
                absent("filler");
                assertThat(versions("public")).isEmpty();
                failureRecorded("public", "df0001", "53100");
            } finally {
                // Whatever happened above: a tablespace is the whole server's, and must not outlive its disk.
                db.execute("DROP TABLE IF EXISTS public.filler");
                disk.dropTablespace(db);
            }
        }
    }

    /** PostgreSQL's own out-of-memory error, raised by the revision's PL/pgSQL as the server raises it. */
    @Test
    void outOfMemoryRollsTheRevisionBackAndRecordsIt() throws Exception {
        project.revision("om0001", "base", "CREATE TABLE made (id int);\n"
                + "DO $$ BEGIN RAISE EXCEPTION 'out of memory' USING ERRCODE = 'out_of_memory'; END $$;", null);

        ErrorLines e = fails(admin(), 1, "out-of-memory", "upgrade");
        assertThat(e.message()).contains("om0001", "the database server ran out of memory");
        assertThat(e.hint()).contains("nothing of this revision was applied", "the server's memory", "work_mem",
                "run the command again");
        absent("made");
        assertThat(versions("public")).isEmpty();
        failureRecorded("public", "om0001", "53200");
    }

    /**
     * A real serialization failure: the revision reads {@code t} at REPEATABLE READ and waits at a {@link Gate};
     * meanwhile another session changes the row the revision then updates, and commits.
     */
    @Test
    void aSerializationFailureSaysToRunAgain() throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t VALUES (1, 0)");
        project.revision("sf0001", "base", "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;\n"
                + "CREATE TABLE made (id int);\nSELECT count(*) FROM t;\n" + Gate.PASS
                + "\nUPDATE t SET v = 1 WHERE id = 1;", null);
        try (Gate gate = Gate.closed(db)) {
            Cli.Running run = admin().start("upgrade");
            Await.until("the revision waits at the gate", gate::waitedAt);
            db.execute("UPDATE t SET v = 2 WHERE id = 1");
            gate.open();

            ErrorLines e = failed(run.await(), 1, "serialization-failure");
            assertThat(e.message()).contains("sf0001", "could not serialize access",
                    "a concurrent transaction changed data this one read or wrote");
            assertThat(e.hint()).contains("nothing of this revision was applied", "run the command again");
        }
        absent("made");
        assertThat(db.column("SELECT v FROM t")).containsExactly("2");
        failureRecorded("public", "sf0001", "40001");

        ok(admin(), "upgrade");
        assertThat(db.column("SELECT v FROM t")).as("run again, it passes").containsExactly("1");
    }

    @Test
    void aLockTimeoutNamesTheSessionHoldingTheTableAndTheStatementThatEndsIt() throws Exception {
        db.execute("CREATE TABLE t (id int)");
        project.revision("lt0001", "base", "CREATE TABLE marker (id int);\nALTER TABLE t ADD COLUMN note text;", null);
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'report-job'");
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE t IN ACCESS SHARE MODE");
            int pid = Backends.pid(holder);

            // Long enough for a blocker sample (the first after 1 s, on a connection of its own) to complete
            // before the timeout, however slowly a loaded machine opens that connection.
            ErrorLines e = fails(admin(), 4, "lock-timeout", "upgrade", "--lock-timeout", "5s",
                    "--lock-retry-for", "0");
            assertThat(e.message()).contains("lt0001", "a lock on table t was not granted within 5s",
                    "pid " + pid + " (report-job, user " + db.user() + ", idle in transaction");
            assertThat(e.hint()).contains("nothing of this revision was applied",
                    "SELECT pg_terminate_backend(" + pid + ")",
                    "--lock-retry-for");
            absent("marker");
            failureRecorded("public", "lt0001", "55P03");

            db.execute(statementIn(e.hint(), "SELECT pg_terminate_backend"));
        }
        ok(admin(), "upgrade");
        present("marker");
    }

    /** A real deadlock (see {@link Deadlock}): the revision is the session PostgreSQL ends. */
    @Test
    void aDeadlockNamesTheOtherSession() throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY, v int)", "INSERT INTO t VALUES (1, 0)",
                "CREATE TABLE u (id int PRIMARY KEY, v int)", "INSERT INTO u VALUES (1, 0)");
        project.revision("dl0001", "base", Deadlock.REVISION, null);
        try (Deadlock deadlock = Deadlock.prepare(db)) {
            Cli.Running run = admin().start("upgrade", "--lock-timeout", "2min");
            deadlock.spring();

            ErrorLines e = failed(run.await(), 4, "deadlock");
            int peerPid = deadlock.peerPid();
            assertThat(e.message()).contains("dl0001",
                    "deadlock with pid " + peerPid + " (" + Deadlock.PEER + ", user ");
            assertThat(e.hint()).contains("nothing of this revision was applied", "run the command again",
                    "SELECT pg_terminate_backend(" + peerPid + ")");
        }
        absent("marker");
        assertThat(db.column("SELECT v FROM t")).containsExactly("0");
        failureRecorded("public", "dl0001", "40P01");
    }

    @Test
    void aStatementTimeoutNamesTheOption() throws Exception {
        project.revision("st0001", "base", "CREATE TABLE made (id int);\nSELECT pg_sleep(60);", null);

        ErrorLines e = fails(admin(), 1, "statement-timeout", "upgrade", "--statement-timeout", "300ms");
        assertThat(e.message()).contains("st0001", "ran longer than the run's limit of 300ms");
        assertThat(e.hint()).contains("nothing of this revision was applied", "--statement-timeout");
        absent("made");
        failureRecorded("public", "st0001", "57014");
    }

    @Test
    void aReadOnlyDatabaseNamesTheSettingAndHowToLiftIt() throws Exception {
        project.revision("ro0001", "base", "CREATE TABLE first (id int);", null);
        project.revision("ro0002", "ro0001", "CREATE TABLE second (id int);", null);
        ok(admin(), "upgrade", "ro0001");
        db.execute("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = on");
        try {
            ErrorLines e = fails(admin(), 1, "read-only-database", "upgrade");
            assertThat(e.message()).contains("ro0002", "cannot execute CREATE TABLE in a read-only transaction",
                    "database " + db.name() + " is read-only");
            assertThat(e.hint()).contains("nothing of this revision was applied",
                    "recording the failure in the history failed too", "so ferry status will not show it");
            absent("second");
            assertThat(db.column("SELECT count(*) FROM ferry_history WHERE revision = 'ro0002'")).containsExactly("0");
            assertThat(versions("public")).containsExactly("ro0001");

            db.execute("SET default_transaction_read_only = off", statementIn(e.hint(), "ALTER DATABASE"));
            ok(admin(), "upgrade");
            present("second");
        } finally {
            db.execute("SET default_transaction_read_only = off",
                    "ALTER DATABASE " + db.name() + " RESET default_transaction_read_only");
        }
    }

    @Test
    void anObjectThatExistsInADatabaseBuiltByHandSuggestsStamping() throws Exception {
        db.execute("CREATE TABLE customers (id int PRIMARY KEY)");
        project.revision("oe0001", "base", "CREATE TABLE customers (id int PRIMARY KEY);", null);
        project.revision("oe0002", "oe0001", "CREATE TABLE invoices (id int);", null);

        ErrorLines e = fails(admin(), 1, "object-exists", "upgrade");
        assertThat(e.message()).contains("oe0001", "relation \"customers\" already exists",
                "no revision is recorded in this database", "public.customers");
        assertThat(e.hint()).contains("built by hand", "ferry stamp oe0001", "nothing of this revision was applied");
        absent("invoices");
        assertThat(versions("public")).isEmpty();
        failureRecorded("public", "oe0001", "42P07");

        ok(admin(), "stamp", "oe0001");
        ok(admin(), "upgrade");
        present("invoices");
    }

    @Test
    void aSyntaxErrorNamesTheLineOfTheErrorNotOfTheStatement() throws Exception {
        Path file = project.revision("se0001", "base", """
                CREATE TABLE made (id int);
                CREATE TABLE broken (
                    id int,
                    name text NOT NUL,
                    other int
                );""", null);
        List<String> lines = Files.readAllLines(file);
        int start = lines.indexOf("CREATE TABLE broken (") + 1;
        int error = lines.indexOf("    name text NOT NUL,") + 1;

        ErrorLines e = fails(admin(), 1, "migration-failed", "upgrade");
        assertThat(e.message()).contains("se0001", file.getFileName() + ":" + error, "syntax error")
                .doesNotContain(file.getFileName() + ":" + start);
        assertThat(e.hint()).contains("nothing of this revision was applied", "correct the revision's SQL");
        absent("made");
        failureRecorded("public", "se0001", "42601");

        Files.writeString(file, Files.readString(file).replace("NOT NUL,", "NOT NULL,"));
        ok(admin(), "upgrade");
        present("broken");
    }

    // --- the run itself

    @Test
    void aLostConnectionIsRecordedShownByStatusAndResumed() throws Exception {
        project.revision("lc0001", "base", "CREATE TABLE pause (seconds int);\nINSERT INTO pause VALUES (300);", null);
        project.revision("lc0002", "lc0001", "-- ferry:transactional false\n", """
                CREATE TABLE made (n int);
                INSERT INTO made SELECT 2 FROM pg_sleep((SELECT seconds FROM pause));
                INSERT INTO made VALUES (3);""", null);
        Cli cli = admin();
        ok(cli, "upgrade", "lc0001");

        Cli.Running run = cli.start("upgrade");
        Backends.terminate(db.dataSource(), Backends.awaitRunning(db.dataSource(), "INSERT INTO made SELECT 2"));
        ErrorLines e = failed(run.await(), 3, "connection-lost");
        assertThat(e.message()).contains("lc0002", "while statement 2 of 3 ran",
                "statement 1 of 3 ran and stays applied");
        assertThat(e.hint()).contains("the failure is recorded", "ferry status", "--resume");
        assertThat(db.column("SELECT count(*) FROM made")).containsExactly("0");
        failureRecorded("public", "lc0002", "57P01");

        assertThat(ok(cli, "status").out()).contains("last failure: upgrade of lc0002", "lost the connection",
                "statements 1 to 1 of 3 stay applied: ferry upgrade --resume continues at statement 2");
        assertThat(fails(cli, 1, "partially-applied", "upgrade").hint()).contains("--resume");

        db.execute("UPDATE pause SET seconds = 0");
        ok(cli, "upgrade", "--resume");
        assertThat(db.column("SELECT n FROM made ORDER BY n")).as("statements 2 and 3 ran once each")
                .containsExactly("2", "3");
        assertThat(ok(cli, "status").out()).contains("current:      lc0002", "last failure: none");
    }

    @Test
    void aMigrationLockHeldByAStuckRunNamesItsSession() throws Exception {
        project.revision("ml0001", "base", "CREATE TABLE made (id int);", null);
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SET application_name = 'deploy-42'");
            s.execute("SELECT pg_advisory_lock(" + MigrationLock.key("public") + ")");
            int pid = Backends.pid(holder);

            ErrorLines e = fails(admin(), 4, "lock-not-acquired", "upgrade", "--lock-wait", "1s");
            assertThat(e.message()).contains("pid " + pid, "deploy-42");
            assertThat(e.hint()).contains("SELECT pg_terminate_backend(" + pid + ")", "looks idle");
        }
        absent("made");
    }

    @Test
    void severalHeadsAndAnUnknownTargetChangeNothing() throws Exception {
        project.revision("mh0001", "base", "CREATE TABLE one (id int);", null);
        project.revision("mh0002", "base", "CREATE TABLE two (id int);", null);

        ErrorLines heads = fails(admin(), 2, "multiple-heads", "upgrade", "head");
        assertThat(heads.message()).contains("mh0001", "mh0002");
        assertThat(heads.hint()).contains("'heads'", "ferry merge mh0001 mh0002 -m MESSAGE");
        ErrorLines unknown = fails(admin(), 2, "unknown-revision", "upgrade", "mh9999");
        assertThat(unknown.message()).contains("mh9999");
        absent("one");
        absent("two");
    }
}
