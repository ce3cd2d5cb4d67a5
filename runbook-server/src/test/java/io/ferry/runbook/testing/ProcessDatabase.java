package io.ferry.runbook.testing;

import io.ferry.migration.testing.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the JVM's shared PostgreSQL ({@link ServerDatabase#shared()}) for a test that starts
 * {@code ./ferry-server} or {@code ./ferry} as processes: the options and the environment that point them at it.
 * Closing it drops the database.
 */
public final class ProcessDatabase implements AutoCloseable {

    private final PostgresServer server;
    private final String name;

    private ProcessDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Creates a database named {@code prefix} and a random suffix. */
    public static ProcessDatabase create(String prefix) throws SQLException {
        PostgresServer server = ServerDatabase.shared();
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new ProcessDatabase(server, name);
    }

    public String name() {
        return name;
    }

    /** {@code --url} and, when the server has one, {@code --user}: the same for ferry and ferry-server. */
    public List<String> options() {
        List<String> options = new ArrayList<>(List.of("--url", server.url(name)));
        if (server.user() != null) {
            options.addAll(List.of("--user", server.user()));
        }
        return options;
    }

    /** The password, kept out of the process list in {@code FERRY_PASSWORD}. */
    public Map<String, String> environment() {
        return server.password() == null ? Map.of() : Map.of("FERRY_PASSWORD", server.password());
    }

    /** The server's password, or null: what no output may show. */
    public String password() {
        return server.password();
    }

    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
