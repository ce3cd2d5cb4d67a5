package io.ferry.compat.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.history.flyway.FlywayInfo;
import io.ferry.migration.spi.JavaMigration;
import io.ferry.migration.testing.TestDatabase;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flyway project of versioned, repeatable and Java migrations, migrated by Flyway; Ferry, with the Java
 * migration moved over to its own interface, reads the table, agrees, carries on, and hands back.
 */
class FlywayJavaMigrationCompatTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @TempDir
    Path services;

    private Flyway flyway() {
        FluentConfiguration conf = Flyway.configure().dataSource(db.url(), db.user(), db.password())
                .locations("filesystem:" + dir)
                .javaMigrations(new io.ferry.compat.flyway.flywayside.V3__Seed_people());
        conf.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return conf.load();
    }

    /** Ferry with its Java migration registered the way a project registers it: a services file. */
    private Ferry ferry() throws Exception {
        Path file = services.resolve("META-INF/services/" + JavaMigration.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, io.ferry.compat.flyway.ferryside.V3__Seed_people.class.getName() + "\n");
        ClassLoader loader = new URLClassLoader(new URL[] {services.toUri().toURL()}, getClass().getClassLoader());
        return Ferry.configure().dataSource(db.url(), db.user(), db.password()).locations(dir).flyway()
                .classLoader(loader).load();
    }

    @Test
    void ferryReadsAgreesContinuesAndFlywayValidates() throws Exception {
        Files.writeString(dir.resolve("V1__people.sql"), "CREATE TABLE people (id int PRIMARY KEY, name text);\n");
        Files.writeString(dir.resolve("V2__email.sql"), "ALTER TABLE people ADD COLUMN email text;\n");
        Files.writeString(dir.resolve("R__names.sql"), "CREATE OR REPLACE VIEW names AS SELECT name FROM people;\n");
        flyway().migrate();

        List<String> theirs = Arrays.stream(flyway().info().all()).map(i -> (i.getVersion() == null ? ""
                : i.getVersion().getVersion()) + " | " + i.getType() + " | " + i.getChecksum() + " | "
                + i.getState().getDisplayName()).sorted().toList();
        List<String> ours = ferry().flyway().info().stream().map((FlywayInfo.Entry e) -> e.version().orElse("")
                + " | " + e.type() + " | " + e.checksum().orElse(null) + " | " + e.state()).sorted().toList();
        assertThat(ours).isEqualTo(theirs).contains("3 | JDBC | null | Success");
        assertThat(ferry().validate().valid()).isTrue();
        assertThat(ferry().status().upToDate()).isTrue();

        Files.writeString(dir.resolve("V4__age.sql"), "ALTER TABLE people ADD COLUMN age int;\n");
        assertThat(ferry().upgrade("head").steps()).extracting(s -> s.revision()).containsExactly("4");
        flyway().validate();
        assertThat(Arrays.stream(flyway().info().all()).map(i -> i.getState()).distinct().toList())
                .containsExactly(MigrationState.SUCCESS);
    }

    @Test
    void ferryRunsTheJavaMigrationItself() throws Exception {
        db.reset();
        Files.writeString(dir.resolve("V1__people.sql"), "CREATE TABLE people (id int PRIMARY KEY, name text);\n");
        Files.writeString(dir.resolve("V2__email.sql"), "ALTER TABLE people ADD COLUMN email text;\n");
        assertThat(ferry().upgrade("head").steps()).extracting(s -> s.revision()).containsExactly("1", "2", "3");
        assertThat(db.column("SELECT name FROM people ORDER BY id")).containsExactly("Ada", "Grace");
        assertThat(db.query("SELECT type, script, checksum FROM flyway_schema_history WHERE version = '3'"))
                .containsExactly(Arrays.asList("JDBC", io.ferry.compat.flyway.ferryside.V3__Seed_people.class.getName(),
                        null));
        flyway().validate();
    }
}
