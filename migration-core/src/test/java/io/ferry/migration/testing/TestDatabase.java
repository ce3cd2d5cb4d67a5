package io.ferry.migration.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh PostgreSQL database for one test class, created before its first test and dropped after its
 * last. Every test class that touches a database registers one:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final TestDatabase db = new TestDatabase();
 * </pre>
 *
 * All the test classes of a JVM share one server (see {@link PostgresServer}): the embedded one, or the
 * one {@code FERRY_TEST_URL} names.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    /** A user that must give its password even on the embedded server; see {@link #createPasswordUser}. */
    public static final String PASSWORD_USER = "ferry_password_check";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestDatabase.class);

    private PostgresServer server;
    private String name;
    private final List<String> others = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(PostgresServer.class, k -> PostgresServer.start(), PostgresServer.class);
        name = databaseName(context.getRequiredTestClass());
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (name != null) {
            try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
                for (String other : others) {
                    s.execute("DROP DATABASE IF EXISTS " + other + " WITH (FORCE)");
                }
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    /**
     * Creates another database on the same server, named after this one with {@code suffix} appended, as a
     * copy of {@code template} (a database nobody is connected to) or empty when it is null; an existing
     * one of that name is dropped first. It is dropped after the test class, or earlier by
     * {@link #dropDatabase}. For tests that compare databases.
     */
    public String createDatabase(String suffix, String template) throws SQLException {
        String other = name + "_" + suffix;
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + other + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + other + (template == null ? "" : " TEMPLATE " + template));
        }
        if (!others.contains(other)) {
            others.add(other);
        }
        return other;
    }

    /** Drops a database {@link #createDatabase} made. */
    public void dropDatabase(String database) throws SQLException {
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        others.remove(database);
    }

    /** A new connection to another database of this server; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return server.connect(database);
    }

    private static String databaseName(Class<?> testClass) {
        String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String prefix = "t_" + simple.substring(0, Math.min(simple.length(), 40));
        return prefix + "_" + suffix;
    }

    /** The database's name. */
    public String name() {
        return name;
    }

    /** A JDBC URL for this database, without credentials. */
    public String url() {
        return server.url(name);
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    public String user() {
        return server.user();
    }

    /** The password, or null when the server needs none. */
    public String password() {
        return server.password();
    }

    /** A new connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** A data source for this database: a new physical connection for each request, no pool. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url());
        if (user() != null) {
            ds.setUser(user());
        }
        if (password() != null) {
            ds.setPassword(password());
        }
        return ds;
    }

    /** Empties the database: drops every schema but the system ones, then creates an empty public. */
    public void reset() throws SQLException {
        List<String> schemas = column("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                + " AND nspname <> 'information_schema'");
        for (String schema : schemas) {
            execute("DROP SCHEMA \"" + schema.replace("\"", "\"\"") + "\" CASCADE");
        }
        execute("CREATE SCHEMA public");
    }

    /**
     * Creates (or resets) {@link #PASSWORD_USER} with this password and the right to use this database.
     * On the embedded server this user is the one that authenticates with a password.
     */
    public void createPasswordUser(String password) throws SQLException {
        String pw = password.replace("'", "''");
        execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + PASSWORD_USER + "') THEN"
                        + " CREATE ROLE " + PASSWORD_USER + " LOGIN; END IF; END $$",
                "ALTER ROLE " + PASSWORD_USER + " PASSWORD '" + pw + "'",
                "GRANT ALL ON DATABASE " + name + " TO " + PASSWORD_USER,
                "GRANT ALL ON SCHEMA public TO " + PASSWORD_USER);
    }

    /** Runs statements, each on its own in autocommit. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** Runs a query and returns its rows, each a list of column values as text (null stays null). */
    public List<List<String>> query(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** Runs a query that returns one column and returns its values as text. */
    public List<String> column(String sql) throws SQLException {
        return query(sql).stream().map(row -> row.get(0)).toList();
    }
}
