package io.ferry.migration;

import static io.ferry.migration.testing.Errors.actions;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures that need a server the shared one is not: TLS on, and a pg_hba.conf that admits only TLS
 * connections ({@code hostssl}) and only the user {@code postgres}. This class starts that server for itself
 * (an embedded PostgreSQL with a self-signed certificate made by the JDK's keytool, so nothing but the JDK is
 * needed) and stops it after its last test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsConnectionErrorsTest {

    private static final String SECRET = "s3cret-Passw0rd";

    @TempDir
    static Path keys;

    private static EmbeddedPostgres server;

    @TempDir
    Path dir;

    private ConnectAttempts attempts;

    @BeforeAll
    static void startServerWithTlsOnly() throws Exception {
        // keytool makes the certificate while initdb makes the data folder.
        Process keytool = keytool(keys.resolve("server.p12"));
        server = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("fsync", "off")
                .setDataDirectoryCustomizer(data -> {
                    try {
                        String[] pem = keyAndCertificate(keytool, keys.resolve("server.p12"));
                        Path d = data.toPath();
                        Files.writeString(d.resolve("server.key"), pem[0]);
                        // PostgreSQL refuses a key others may read.
                        Files.setPosixFilePermissions(d.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
                        Files.writeString(d.resolve("server.crt"), pem[1]);
                        Files.writeString(d.resolve("pg_hba.conf"), "local all all trust\n"
                                + "hostssl all postgres 127.0.0.1/32 trust\n"
                                + "hostssl all postgres ::1/128 trust\n");
                    } catch (Exception e) {
                        throw new IllegalStateException("could not set up TLS for the test server", e);
                    }
                })
                .start();
    }

    /** Starts keytool making a key pair with a self-signed certificate for 127.0.0.1 in {@code store}. */
    private static Process keytool(Path store) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
    }

    /** Once keytool is done: the private key (PKCS#8) and the certificate, both PEM. */
    private static String[] keyAndCertificate(Process keytool, Path store) throws Exception {
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as("keytool: %s", output).isZero();
        char[] pass = "changeit".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, pass);
        }
        Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        return new String[] {
                "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(ks.getKey("server", pass).getEncoded())
                        + "\n-----END PRIVATE KEY-----\n",
                "-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(ks.getCertificate("server").getEncoded())
                        + "\n-----END CERTIFICATE-----\n"};
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
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres" + params;
    }

    @Test
    void turningTlsOffForAServerThatAdmitsOnlyTlsIsTlsRequired() {
        FerryException e = attempts.fails(url("?sslmode=disable"), "postgres", SECRET, MigrationErrorCode.TLS_REQUIRED,
                "database postgres at 127.0.0.1:" + server.getPort() + " as user postgres", "without TLS",
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
        String missing = keys.resolve("no-such-root.crt").toString();
        FerryException e = attempts.fails(url("?sslmode=verify-full&sslrootcert=" + missing), "postgres", SECRET,
                MigrationErrorCode.CONNECTION_FAILED, "database postgres at 127.0.0.1:" + server.getPort(),
                "root certificate file");
        assertThat(e.hint()).contains("URL", "accepts connections");
    }
}
