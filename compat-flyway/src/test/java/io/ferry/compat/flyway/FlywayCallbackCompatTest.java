package io.ferry.compat.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SQL callbacks of migrate run at the same moments, in the same order, under Ferry as under Flyway. */
class FlywayCallbackCompatTest {

    @RegisterExtension
    static final TestDatabase byFerry = new TestDatabase();

    @RegisterExtension
    static final TestDatabase byFlyway = new TestDatabase();

    private static final List<String> EVENTS = List.of("beforeMigrate", "beforeEachMigrate", "afterEachMigrate",
            "afterVersioned", "afterMigrateApplied", "afterMigrate");

    @BeforeEach
    void clean() throws Exception {
        byFerry.reset();
        byFlyway.reset();
    }

    @Test
    void callbacksRunInFlywaysOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__one.sql"), "CREATE TABLE one (id int);\n");
        Files.writeString(dir.resolve("V2__two.sql"), "CREATE TABLE two (id int);\n");
        Files.writeString(dir.resolve("R__view.sql"), "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;\n");
        for (String event : EVENTS) {
            String create = event.equals("beforeMigrate")
                    ? "CREATE TABLE IF NOT EXISTS callback_log (n serial, event text);\n" : "";
            Files.writeString(dir.resolve(event + ".sql"), create + "INSERT INTO callback_log (event) VALUES ('"
                    + event + "');\n");
        }
        Files.writeString(dir.resolve("afterMigrate__second.sql"),
                "INSERT INTO callback_log (event) VALUES ('afterMigrate second');\n");

        FluentConfiguration conf = Flyway.configure().dataSource(byFlyway.url(), byFlyway.user(), byFlyway.password())
                .locations("filesystem:" + dir);
        conf.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        conf.load().migrate();
        Ferry.configure().dataSource(byFerry.url(), byFerry.user(), byFerry.password()).locations(dir).flyway().load()
                .upgrade("heads");

        String log = "SELECT event FROM callback_log ORDER BY n";
        assertThat(byFerry.column(log)).isEqualTo(byFlyway.column(log)).contains("afterVersioned", "afterMigrate second");

        // A second migrate with nothing to do runs beforeMigrate and afterMigrate only, in both tools.
        conf.load().migrate();
        Ferry.configure().dataSource(byFerry.url(), byFerry.user(), byFerry.password()).locations(dir).flyway().load()
                .upgrade("heads");
        assertThat(byFerry.column(log)).isEqualTo(byFlyway.column(log));
    }

    @Test
    void undoInfoAndRepairHaveTheirCallbacksToo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__one.sql"), "CREATE TABLE one (id int);\n");
        Files.writeString(dir.resolve("V2__two.sql"), "CREATE TABLE two (id int);\n");
        Files.writeString(dir.resolve("U2__two.sql"), "DROP TABLE two;\n");
        Files.writeString(dir.resolve("beforeMigrate.sql"), "CREATE TABLE IF NOT EXISTS callback_log (n serial, event text);\n");
        for (String event : List.of("beforeUndo", "beforeEachUndo", "afterEachUndo", "afterUndo", "beforeInfo",
                "afterInfo", "beforeRepair", "afterRepair", "beforeValidate", "afterValidate")) {
            Files.writeString(dir.resolve(event + ".sql"), "INSERT INTO callback_log (event) VALUES ('" + event + "');\n");
        }
        Ferry ferry = Ferry.configure().dataSource(byFerry.url(), byFerry.user(), byFerry.password()).locations(dir)
                .flyway().load();
        ferry.upgrade("heads");
        ferry.downgrade("-1");
        ferry.flyway().info();
        ferry.flyway().repair();
        ferry.validate();
        assertThat(byFerry.column("SELECT event FROM callback_log ORDER BY n")).containsExactly("beforeUndo",
                "beforeEachUndo", "afterEachUndo", "afterUndo", "beforeInfo", "afterInfo", "beforeRepair",
                "afterRepair", "beforeValidate", "afterValidate");
    }

    @Test
    void javaCallbacksRunOnTheMigrationsConnection(@TempDir Path dir, @TempDir Path services) throws Exception {
        Files.writeString(dir.resolve("V1__one.sql"), "CREATE TABLE one (id int);\n");
        Files.writeString(dir.resolve("V2__two.sql"), "CREATE TABLE two (id int);\n");
        Path file = services.resolve("META-INF/services/" + io.ferry.migration.spi.Callback.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, io.ferry.compat.flyway.ferryside.RecordingCallback.class.getName() + "\n");
        ClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {services.toUri().toURL()},
                getClass().getClassLoader());
        Ferry.configure().dataSource(byFerry.url(), byFerry.user(), byFerry.password()).locations(dir).flyway()
                .classLoader(loader).load().upgrade("heads");
        assertThat(byFerry.column("SELECT event FROM java_callback_log ORDER BY n"))
                .containsExactly("beforeMigrate", "afterEachMigrate", "afterEachMigrate");
    }
}
