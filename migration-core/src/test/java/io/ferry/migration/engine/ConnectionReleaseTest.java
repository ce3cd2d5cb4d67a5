package io.ferry.migration.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool gets its connections back from Ferry with their session settings as it handed them out: the ones
 * Ferry changed (the application name, lock_timeout, client_connection_check_interval) reset to the
 * session's defaults, and the ones the pool had set restored to the pool's values.
 */
class ConnectionReleaseTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final List<String> SETTINGS = List.of("application_name", "lock_timeout",
            "client_connection_check_interval", "statement_timeout");

    /** Real connections that stay open when Ferry closes them, as a pool's do. */
    private final List<Connection> pooled = new ArrayList<>();
    /** Run on each connection before it is handed out, as a pool's connection-init SQL. */
    private String init = "RESET ALL";

    @Test
    void theSettingsFerryChangesAreResetWhenItGivesAConnectionBack(@TempDir Path dir) throws Exception {
        db.reset();
        Project p = new Project(dir);
        p.revision("c1", "base", "CREATE TABLE c1 (id int);", null);
        Ferry ferry = Ferry.configure().dataSource(pool()).locations(dir).lockTimeout(Duration.ofMillis(1234)).load();
        List<String> defaults;
        try (Connection fresh = db.connect(); Statement s = fresh.createStatement()) {
            s.execute("RESET ALL");
            defaults = show(fresh);
        }
        ferry.upgrade("head");
        assertThat(ferry.current()).containsExactly("c1");
        assertThat(pooled).hasSizeGreaterThanOrEqualTo(2);
        for (Connection c : pooled) {
            assertThat(show(c)).isEqualTo(defaults);
            c.close();
        }
    }

    @Test
    void settingsThePoolHadSetAreRestoredToThePoolsValues(@TempDir Path dir) throws Exception {
        db.reset();
        Project p = new Project(dir);
        p.revision("c1", "base", "CREATE TABLE c1 (id int);", null);
        init = "SET application_name = 'the-app'; SET lock_timeout = '7s'; SET statement_timeout = '9s'";
        Ferry ferry = Ferry.configure().dataSource(pool()).locations(dir).lockTimeout(Duration.ofMillis(1234)).load();

        ferry.upgrade("head");

        assertThat(pooled).hasSizeGreaterThanOrEqualTo(2);
        for (Connection c : pooled) {
            assertThat(show(c)).containsExactly("application_name=the-app", "lock_timeout=7s",
                    "client_connection_check_interval=0", "statement_timeout=9s");
            c.close();
        }
    }

    @Test
    void connectionsOfFerrysOwnDataSourceAreNamedFromTheirStart() throws Exception {
        DataSource ds = FerryConfiguration.simpleDataSource(db.url(), db.user(), db.password());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("RESET application_name");
            try (ResultSet rs = s.executeQuery("SHOW application_name")) {
                rs.next();
                assertThat(rs.getString(1)).as("the session's own default").isEqualTo("ferry");
            }
        }
    }

    private static List<String> show(Connection c) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (String setting : SETTINGS) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    values.add(setting + "=" + rs.getString(1));
                }
            }
        }
        return values;
    }

    private DataSource pool() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        return method.invoke(db.dataSource(), args);
                    }
                    Connection real = db.connect();
                    try (Statement s = real.createStatement()) {
                        s.execute(init);
                    }
                    pooled.add(real);
                    return keptOpen(real);
                });
    }

    private static Connection keptOpen(Connection real) {
        return (Connection) Proxy.newProxyInstance(ConnectionReleaseTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
