package io.ferry.runbook.testing;

import io.ferry.migration.testing.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The database and project of one {@code @QuarkusTest} start-up: a fresh database on the JVM's shared
 * PostgreSQL ({@link PostgresServer}, embedded unless {@code FERRY_TEST_URL} names one), or with
 * {@code dedicated=true} on a server of its own that a test may stop and start ({@link #stopDedicated()},
 * as migration-core's ServerRestartTest does); and a project folder in a temporary directory holding the
 * migration files of {@link Migrations} {@code migrations} (and, given {@code public-url}, a {@code ferry.yaml}
 * naming it; given {@code alerts-sink}, {@code alerts-url} and {@code alerts-secret}, its {@code alerts:} section
 * declares a webhook sink of that name, address and signing secret). Passes the URL, the project folder and a file
 * log to the server as configuration.
 */
public class ServerDatabase implements QuarkusTestResourceLifecycleManager {

    private static PostgresServer shared;
    private static EmbeddedPostgres dedicated;
    private static Path dedicatedData;
    private static int dedicatedPort;

    private String database;
    private boolean ownServer;
    private String migrations;
    private String publicUrl;
    private boolean devUrl;
    private String alertsSink;
    private String alertsUrl;
    private String alertsSecret;

    @Override
    public void init(Map<String, String> args) {
        ownServer = Boolean.parseBoolean(args.getOrDefault("dedicated", "false"));
        migrations = args.getOrDefault("migrations", "good");
        publicUrl = args.get("public-url");
        devUrl = Boolean.parseBoolean(args.getOrDefault("dev-url", "false"));
        alertsSink = args.get("alerts-sink");
        alertsUrl = args.get("alerts-url");
        alertsSecret = args.get("alerts-secret");
    }

    @Override
    public Map<String, String> start() {
        try {
            database = "srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            Map<String, String> config = new HashMap<>();
            String url;
            String user;
            String password;
            if (ownServer) {
                startDedicated();
                url = "jdbc:postgresql://127.0.0.1:" + dedicatedPort + "/" + database;
                user = "postgres";
                password = null;
                try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + dedicatedPort + "/postgres", "postgres", null)) {
                    create(c);
                }
            } else {
                PostgresServer server = shared();
                try (Connection c = server.connectAdmin()) {
                    create(c);
                }
                url = server.url(database);
                user = server.user();
                password = server.password();
                if (devUrl) {
                    config.put("ferry.dev-url", server.url("postgres") + "?user=" + user
                            + (password == null ? "" : "&password=" + password));
                }
            }
            Path project = Files.createTempDirectory("ferry-server-test");
            Migrations.write(migrations, project.resolve("migrations"));
            String yaml = projectFile();
            if (!yaml.isEmpty()) {
                Files.writeString(project.resolve("ferry.yaml"), yaml);
            }
            config.put("ferry.url", url);
            if (user != null) {
                config.put("ferry.user", user);
            }
            if (password != null) {
                config.put("ferry.password", password);
            }
            config.put("ferry.project-dir", project.toString());
            config.put("ferry.connect-timeout", "2s");
            config.put("quarkus.log.file.enabled", "true");
            config.put("quarkus.log.file.path", project.resolve("server.log").toString());
            config.put("quarkus.log.file.format", "%p %s%n");
            config.put("quarkus.log.file.encoding", "UTF-8");
            return config;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not set up the test database: " + e.getMessage(), e);
        }
    }

    /** The ferry.yaml the arguments ask for; empty when they ask for none. */
    private String projectFile() {
        StringBuilder yaml = new StringBuilder();
        if (publicUrl != null) {
            yaml.append("public-url: ").append(publicUrl).append('\n');
        }
        if (alertsSink != null) {
            yaml.append("alerts:\n  sinks:\n    ").append(alertsSink).append(":\n      type: webhook\n")
                    .append("      url: ").append(alertsUrl).append('\n')
                    .append("      secret: ").append(alertsSecret).append('\n');
        }
        return yaml.toString();
    }

    private void create(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    @Override
    public void stop() {
        try {
            if (ownServer) {
                if (dedicated != null) {
                    dedicated.close();
                    dedicated = null;
                }
            } else if (database != null) {
                try (Connection c = shared().connectAdmin(); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                }
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not clean up the test database: " + e.getMessage(), e);
        }
    }

    /** The JVM's shared PostgreSQL server, started on first use and stopped when the JVM ends. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            PostgresServer server = PostgresServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // The JVM ends anyway.
                }
            }));
            shared = server;
        }
        return shared;
    }

    /** Starts the dedicated server: on the same data directory and port every time after the first. */
    public static synchronized void startDedicated() throws IOException {
        if (dedicatedData == null) {
            dedicatedData = Files.createTempDirectory("ferry-server-pg");
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dedicatedData.resolve("data"))
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off");
        dedicated = (dedicatedPort == 0 ? builder : builder.setPort(dedicatedPort)).start();
        dedicatedPort = dedicated.getPort();
    }

    /** Stops the dedicated server as a restart does ({@code pg_ctl stop -m fast}: every session ends). */
    public static synchronized void stopDedicated() {
        try {
            dedicated.close();
            dedicated = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
