package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import io.ferry.migration.testing.TlsOnlyServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection that cannot be opened, through the command: exit 3, the cause with where Ferry tried, and a
 * hint in the command line's words (its options and variables, not the library's methods), never the
 * password. The core's tests cover every code; these check what the command makes of them.
 */
class ConnectionErrorsIT {

    private static final String SECRET = "s3cret-Passw0rd";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path cwd;

    @BeforeAll
    static void project() throws Exception {
        Files.createDirectories(cwd.resolve("migrations"));
    }

    /** Runs ferry, and asserts exit 3 with error {@code code} and its runbook section, and no password. */
    private static Cli.Result fails(Cli cli, String code, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).as(r.toString()).doesNotContain(SECRET).doesNotContain("FerryConfiguration");
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.error().hasCode(code).hint()).as(r.toString()).isNotBlank();
        return r;
    }

    /** A URL to this test's database on {@code host} and {@code port}. */
    private static String url(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db.name();
    }

    @Test
    void aClosedPortIsRefusedNamingHostAndPort() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Cli.Result r = fails(Cli.against(db, cwd).env("FERRY_URL", url("127.0.0.1", port))
                .env("FERRY_PASSWORD", SECRET), "connection-refused", "status");
        assertThat(r.error().message()).as(r.toString()).contains("127.0.0.1:" + port, "connection refused");
        assertThat(r.error().hint()).as(r.toString()).contains("--url");
    }

    @Test
    void anUnknownHostIsNamed() {
        Cli.Result r = fails(Cli.against(db, cwd).env("FERRY_URL", url("no-such-host.invalid", 5432))
                .env("FERRY_PASSWORD", SECRET), "unknown-host", "status");
        assertThat(r.error().message()).as(r.toString()).contains("unknown host no-such-host.invalid");
        assertThat(r.error().hint()).as(r.toString()).contains("--url");
    }

    @Test
    void aRoleAtItsConnectionLimitIsTooManyConnections() throws Exception {
        db.execute("CREATE ROLE ferry_cli_limited LOGIN CONNECTION LIMIT 0");
        try {
            Cli.Result r = fails(Cli.against(db, cwd).env("FERRY_USER", "ferry_cli_limited")
                    .env("FERRY_PASSWORD", SECRET), "too-many-connections", "status");
            assertThat(r.error().message()).as(r.toString()).contains("ferry_cli_limited");
            assertThat(r.error().hint()).as(r.toString()).contains("pg_stat_activity",
                    "ALTER ROLE \"ferry_cli_limited\" CONNECTION LIMIT");
        } finally {
            db.execute("DROP ROLE ferry_cli_limited");
        }
    }

    @Test
    void anUnknownRoleIsNamed() {
        Cli.Result r = fails(Cli.against(db, cwd).env("FERRY_USER", "ferry_no_such_role")
                .env("FERRY_PASSWORD", SECRET), "unknown-role", "status");
        assertThat(r.error().message()).as(r.toString()).contains("ferry_no_such_role");
        assertThat(r.error().hint()).as(r.toString()).contains("CREATE ROLE \"ferry_no_such_role\" LOGIN",
                "--user and --password");
    }

    @Test
    void anUnknownDatabaseNamesItAndTheUrlOption() {
        String url = "jdbc:postgresql://" + db.host() + ":" + db.port() + "/no_such_database";
        Cli.Result r = fails(Cli.against(db, cwd).env("FERRY_URL", url).env("FERRY_PASSWORD", SECRET),
                "unknown-database", "current");
        assertThat(r.err()).as(r.toString()).contains("database no_such_database at " + db.host() + ":" + db.port(),
                "CREATE DATABASE \"no_such_database\"", "--url", "$FERRY_URL");
    }

    @Test
    void aWrongPasswordNamesTheUserOptions() throws Exception {
        db.createPasswordUser("the-Right-0ne");
        Cli.Result r = fails(Cli.against(db, cwd).env("FERRY_USER", TestDatabase.PASSWORD_USER)
                .env("FERRY_PASSWORD", SECRET), "authentication-failed", "current");
        assertThat(r.err()).as(r.toString()).contains("as user " + TestDatabase.PASSWORD_USER,
                "password authentication failed", "--user and --password").doesNotContain("the-Right-0ne");
    }

    /** A server of its own ({@link TlsOnlyServer}, started for this test only) whose pg_hba.conf admits only TLS. */
    @Test
    void turningTlsOffForAServerThatAdmitsOnlyTlsNamesSslmodeRequire() throws Exception {
        try (TlsOnlyServer server = TlsOnlyServer.start()) {
            Cli cli = new Cli(cwd).env("FERRY_USER", TlsOnlyServer.USER).env("FERRY_PASSWORD", SECRET);

            Cli.Result r = fails(cli.env("FERRY_URL", server.url("?sslmode=disable")), "tls-required", "current");
            assertThat(r.error().message()).as(r.toString()).contains("127.0.0.1:" + server.port(),
                    "the server refused a connection without TLS", "sslmode=disable", "no pg_hba.conf entry");
            assertThat(r.error().hint()).as(r.toString()).contains("sslmode=require", "instead of sslmode=disable",
                    "--url", "hostssl");

            try (Connection c = DriverManager.getConnection(server.url("?sslmode=require"), TlsOnlyServer.USER, "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ferry\\_%'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("Ferry's tables after the refused attempt").isZero();
            }

            // What the hint says works.
            Cli.Result tls = cli.env("FERRY_URL", server.url("?sslmode=require")).run("current");
            assertThat(tls.exit()).as(tls.toString()).isZero();
        }
    }

    @Test
    void aServerWithoutTlsWhenTheUrlRequiresIt() {
        Cli.Result r = fails(Cli.against(db, cwd).env("FERRY_URL", db.url() + "?sslmode=require")
                .env("FERRY_PASSWORD", SECRET), "tls-unavailable", "status");
        assertThat(r.err()).as(r.toString()).contains("requires TLS (sslmode=require)", "sslmode=prefer in the URL (--url");
    }
}
