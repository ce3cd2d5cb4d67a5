package io.ferry.migration;

import static io.ferry.migration.testing.Errors.actions;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.TlsOnlyServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures that need a server the shared one is not: TLS on, and a pg_hba.conf that admits only TLS
 * connections ({@code hostssl}) and only the user {@code postgres}. This class starts that server, a
 * {@link TlsOnlyServer}, for itself and stops it after its last test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsConnectionErrorsTest {

    private static final String SECRET = "s3cret-Passw0rd";

    private static TlsOnlyServer server;

    @TempDir
    Path dir;

    private ConnectAttempts attempts;

    @BeforeAll
    static void startServerWithTlsOnly() throws Exception {
        server = TlsOnlyServer.start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void attempts() {
        attempts = new ConnectAttempts(dir);
    }

    private static String url(String params) {
        return server.url(params);
    }

    @Test
    void turningTlsOffForAServerThatAdmitsOnlyTlsIsTlsRequired() {
        FerryException e = attempts.fails(url("?sslmode=disable"), "postgres", SECRET, MigrationErrorCode.TLS_REQUIRED,
                "database postgres at 127.0.0.1:" + server.port() + " as user postgres", "without TLS",
                "sslmode=disable", "no pg_hba.conf entry", "SQLSTATE 28000");
        assertThat(e.hint()).contains("sslmode=require", "hostssl");
        assertThat(actions(e)).containsExactly("DATABASE_URL");
        // What the hint says works.
        attempts.connects(url("?sslmode=require"), "postgres", SECRET);
        attempts.connects(url(""), "postgres", SECRET);
    }

    @Test
    void aUserPgHbaDoesNotAdmitIsAccessRejected() {
        FerryException e = attempts.fails(url(""), "ferry_outsider", SECRET, MigrationErrorCode.ACCESS_REJECTED,
                "as user ferry_outsider", "no pg_hba.conf entry for host \"127.0.0.1\"", "SQLSTATE 28000");
        assertThat(e.hint()).contains("pg_hba.conf", "host postgres ferry_outsider 127.0.0.1/32 scram-sha-256",
                "pg_reload_conf()");
    }

    @Test
    void anyOtherFailureIsConnectionFailedWithTheDriversWords() {
        String missing = dir.resolve("no-such-root.crt").toString();
        FerryException e = attempts.fails(url("?sslmode=verify-full&sslrootcert=" + missing), "postgres", SECRET,
                MigrationErrorCode.CONNECTION_FAILED, "database postgres at 127.0.0.1:" + server.port(),
                "root certificate file");
        assertThat(e.hint()).contains("URL", "accepts connections");
    }
}
