package io.ferry.migration;

import static io.ferry.migration.testing.Errors.actions;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a connection fails to open, against the test server (trust for every user but
 * {@link TestDatabase#PASSWORD_USER}, which gives a password; no TLS), ends in its own code with the
 * address, database and user it tried and a remedy, never the password. Failures that need TLS or a
 * restrictive pg_hba.conf are in {@link TlsConnectionErrorsTest}; the connect timeout in
 * {@link ConnectTimeoutTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionErrorsTest {

    private static final String SECRET = "s3cret-Passw0rd";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private ConnectAttempts attempts;

    @BeforeEach
    void attempts() {
        attempts = new ConnectAttempts(dir);
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + database;
    }

    private static String where() {
        return db.host() + ":" + db.port();
    }

    @Test
    void aClosedPortIsRefusedNamingHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        FerryException e = attempts.fails("jdbc:postgresql://127.0.0.1:" + port + "/appdb", "app", SECRET,
                MigrationErrorCode.CONNECTION_REFUSED, "database appdb at 127.0.0.1:" + port, "as user app",
                "connection refused");
        assertThat(e.hint()).contains("pg_isready -h 127.0.0.1 -p " + port, "listen_addresses");
        assertThat(actions(e)).containsExactly("DATABASE_URL");
    }

    @Test
    void anUnknownHostIsNamed() {
        FerryException e = attempts.fails("jdbc:postgresql://no-such-host.invalid:5432/appdb", "app", SECRET,
                MigrationErrorCode.UNKNOWN_HOST, "unknown host no-such-host.invalid", "database appdb");
        assertThat(e.hint()).contains("typo", "getent hosts no-such-host.invalid");
    }

    @Test
    void requiringTlsOfAServerWithoutItIsTlsUnavailable() throws Exception {
        assertThat(db.column("SHOW ssl")).as("this test needs a test server without TLS").containsExactly("off");
        for (String mode : new String[] {"require", "verify-ca", "verify-full"}) {
            FerryException e = attempts.fails(url(db.name()) + "?sslmode=" + mode, db.user(), db.password(),
                    MigrationErrorCode.TLS_UNAVAILABLE, "database " + db.name() + " at " + where(),
                    "requires TLS (sslmode=" + mode + ")", "does not offer it");
            assertThat(e.hint()).contains("ssl = on", "sslmode=prefer");
        }
        attempts.connects(url(db.name()) + "?sslmode=prefer", db.user(), db.password());
    }

    @Test
    void aRoleAtItsConnectionLimitIsTooManyConnections() throws Exception {
        db.execute("DROP ROLE IF EXISTS ferry_conn_limited", "CREATE ROLE ferry_conn_limited LOGIN CONNECTION LIMIT 0");
        try {
            FerryException e = attempts.fails(url(db.name()), "ferry_conn_limited", SECRET,
                    MigrationErrorCode.TOO_MANY_CONNECTIONS, "database " + db.name() + " at " + where(),
                    "too many connections for role \"ferry_conn_limited\"", "SQLSTATE 53300");
            assertThat(e.hint()).contains("pg_stat_activity", "pooler", "ALTER ROLE \"ferry_conn_limited\" CONNECTION LIMIT");
        } finally {
            db.execute("DROP ROLE ferry_conn_limited");
        }
    }

    @Test
    void aDatabaseAtItsConnectionLimitIsTooManyConnections() throws Exception {
        String full = db.name() + "_full";
        db.execute("DROP ROLE IF EXISTS ferry_conn_plain", "CREATE ROLE ferry_conn_plain LOGIN",
                "CREATE DATABASE " + full + " CONNECTION LIMIT 0");
        try {
            FerryException e = attempts.fails(url(full), "ferry_conn_plain", null,
                    MigrationErrorCode.TOO_MANY_CONNECTIONS, "too many connections for database \"" + full + "\"");
            assertThat(e.hint()).contains("pg_stat_activity", "ALTER DATABASE \"" + full + "\" CONNECTION LIMIT");
        } finally {
            db.execute("DROP DATABASE " + full, "DROP ROLE ferry_conn_plain");
        }
    }

    @Test
    void aDatabaseThatDoesNotExistIsNamed() {
        FerryException e = attempts.fails(url("no_such_database"), db.user(), db.password(),
                MigrationErrorCode.UNKNOWN_DATABASE, "database no_such_database at " + where(),
                "database \"no_such_database\" does not exist", "SQLSTATE 3D000");
        assertThat(e.hint()).contains("CREATE DATABASE \"no_such_database\";", "SELECT datname FROM pg_database");
        assertThat(actions(e)).containsExactly("DATABASE_URL");
    }

    @Test
    void aRoleThatDoesNotExistIsNamed() {
        FerryException e = attempts.fails(url(db.name()), "ferry_no_such_role", SECRET, MigrationErrorCode.UNKNOWN_ROLE,
                "at " + where() + " as user ferry_no_such_role", "role \"ferry_no_such_role\" does not exist");
        assertThat(e.hint()).contains("CREATE ROLE \"ferry_no_such_role\" LOGIN").doesNotContain("ALTER ROLE");
        assertThat(actions(e)).containsExactly("CREDENTIALS");
    }

    @Test
    void aRoleThatMayNotLogInIsRejected() throws Exception {
        db.execute("DROP ROLE IF EXISTS ferry_conn_nologin", "CREATE ROLE ferry_conn_nologin NOLOGIN");
        try {
            FerryException e = attempts.fails(url(db.name()), "ferry_conn_nologin", SECRET,
                    MigrationErrorCode.ACCESS_REJECTED, "as user ferry_conn_nologin", "not permitted to log in");
            assertThat(e.hint()).contains("ALTER ROLE \"ferry_conn_nologin\" LOGIN");
        } finally {
            db.execute("DROP ROLE ferry_conn_nologin");
        }
    }

    /**
     * The role lookup refuses an unknown role and one that may not log in with the same SQLSTATE; a name
     * that holds the other's words must not turn one into the other.
     */
    @Test
    void aRoleThatMayNotLogInIsNotTakenForAnUnknownOneByItsName() throws Exception {
        String role = "ferry_q\" does not exist";
        db.execute("DROP ROLE IF EXISTS \"ferry_q\"\" does not exist\"",
                "CREATE ROLE \"ferry_q\"\" does not exist\" NOLOGIN");
        try {
            FerryException e = attempts.fails(url(db.name()), role, SECRET, MigrationErrorCode.ACCESS_REJECTED,
                    "not permitted to log in");
            assertThat(e.hint()).contains("ALTER ROLE \"ferry_q\"\" does not exist\" LOGIN")
                    .doesNotContain("CREATE ROLE");
        } finally {
            db.execute("DROP ROLE \"ferry_q\"\" does not exist\"");
        }
    }

    @Test
    void aWrongPasswordFailsAuthenticationWithoutShowingIt() throws Exception {
        db.createPasswordUser("the-Right-0ne");
        FerryException e = attempts.fails(url(db.name()), TestDatabase.PASSWORD_USER, SECRET,
                MigrationErrorCode.AUTHENTICATION_FAILED, "database " + db.name() + " at " + where(),
                "as user " + TestDatabase.PASSWORD_USER, "password authentication failed", "SQLSTATE 28P01");
        assertThat(e.hint()).contains("ALTER ROLE \"" + TestDatabase.PASSWORD_USER + "\" PASSWORD").doesNotContain("the-Right-0ne");
        assertThat(e.getMessage()).doesNotContain("the-Right-0ne");
        assertThat(actions(e)).containsExactly("CREDENTIALS");

        FerryException none = attempts.fails(url(db.name()), TestDatabase.PASSWORD_USER, null,
                MigrationErrorCode.AUTHENTICATION_FAILED, "no password");
        assertThat(actions(none)).containsExactly("CREDENTIALS");
        attempts.connects(url(db.name()), TestDatabase.PASSWORD_USER, "the-Right-0ne");
    }
}
