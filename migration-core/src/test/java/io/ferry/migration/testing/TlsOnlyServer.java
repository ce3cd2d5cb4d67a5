package io.ferry.migration.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Base64;

/**
 * A PostgreSQL server of its own that admits connections only over TLS: an embedded server with
 * {@code ssl = on}, a self-signed certificate for 127.0.0.1 made by the JDK's keytool (so that nothing but
 * the JDK is needed), and a pg_hba.conf whose only network lines are {@code hostssl} ones for the user
 * {@value #USER}, with no password asked. Any other user, and any connection without TLS, is turned away
 * by pg_hba.conf. Starting one costs a few seconds (initdb), so a test class starts it once:
 *
 * <pre>
 * try (TlsOnlyServer server = TlsOnlyServer.start()) {
 *     ... connect to server.url("?sslmode=disable") as TlsOnlyServer.USER: refused, TLS is required
 * }
 * </pre>
 */
public final class TlsOnlyServer implements AutoCloseable {

    /** The one user the server admits (over TLS only). */
    public static final String USER = "postgres";

    /** The database to connect to. */
    public static final String DATABASE = "postgres";

    private static final String STORE_PASSWORD = "changeit";

    private final EmbeddedPostgres server;
    private final Path keys;

    private TlsOnlyServer(EmbeddedPostgres server, Path keys) {
        this.server = server;
        this.keys = keys;
    }

    /** Makes the certificate and starts the server; {@link #close} stops it. */
    public static TlsOnlyServer start() throws IOException {
        Path keys = Files.createTempDirectory("ferry-tls-server");
        Path store = keys.resolve("server.p12");
        try {
            // keytool makes the certificate while initdb makes the data folder.
            Process keytool = keytool(store);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setServerConfig("ssl", "on")
                    .setServerConfig("fsync", "off")
                    .setDataDirectoryCustomizer(data -> {
                        try {
                            configure(data.toPath(), keytool, store);
                        } catch (Exception e) {
                            throw new IllegalStateException("could not set up TLS for the test server", e);
                        }
                    })
                    .start();
            return new TlsOnlyServer(server, keys);
        } catch (IOException | RuntimeException e) {
            delete(keys);
            throw e;
        }
    }

    /** Starts keytool making a key pair with a self-signed certificate for 127.0.0.1 in {@code store}. */
    private static Process keytool(Path store) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
    }

    /** Once keytool is done: writes the key and certificate (PEM) and the TLS-only pg_hba.conf into {@code data}. */
    private static void configure(Path data, Process keytool, Path store) throws Exception {
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        char[] pass = STORE_PASSWORD.toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, pass);
        }
        Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        Path key = data.resolve("server.key");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + base64.encodeToString(ks.getKey("server", pass).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        // PostgreSQL refuses a key others may read.
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(data.resolve("server.crt"), "-----BEGIN CERTIFICATE-----\n"
                + base64.encodeToString(ks.getCertificate("server").getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(data.resolve("pg_hba.conf"), "local all all trust\n"
                + "hostssl all " + USER + " 127.0.0.1/32 trust\n"
                + "hostssl all " + USER + " ::1/128 trust\n");
    }

    public int port() {
        return server.getPort();
    }

    /** A JDBC URL to database {@value #DATABASE} on 127.0.0.1, followed by {@code params} ("" or "?..."). */
    public String url(String params) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE + params;
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            delete(keys);
        }
    }

    private static void delete(Path keys) throws IOException {
        Files.deleteIfExists(keys.resolve("server.p12"));
        Files.deleteIfExists(keys);
    }
}
