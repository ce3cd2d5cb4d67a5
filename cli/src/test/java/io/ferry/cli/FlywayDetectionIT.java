package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Project;
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

/**
 * A folder of Flyway migrations is a Flyway project for every command, without --flyway: the real
 * Flyway 13 migrates a database, and ./ferry reads, checks and moves it, writing Flyway's history.
 */
class FlywayDetectionIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path cwd;

    private Path dir;
    private Cli cli;

    @BeforeEach
    void project() throws Exception {
        db.reset();
        dir = Files.createDirectories(cwd.resolve("migrations"));
        Files.writeString(dir.resolve("V1__people.sql"), "CREATE TABLE people (id int PRIMARY KEY, name text);\n");
        Files.writeString(dir.resolve("V2__email.sql"), "ALTER TABLE people ADD COLUMN email text;\n");
        Files.writeString(dir.resolve("U2__email.sql"), "ALTER TABLE people DROP COLUMN email;\n");
        Files.writeString(dir.resolve("R__names.sql"), "CREATE OR REPLACE VIEW names AS SELECT name FROM people;\n");
        cli = Cli.against(db, cwd);
    }

    private Flyway flyway() {
        FluentConfiguration conf = Flyway.configure().dataSource(db.url(), db.user(), db.password())
                .locations("filesystem:" + dir);
        conf.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return conf.load();
    }

    private Cli.Result run(int exit, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        return r;
    }

    @Test
    void validateAndCheckPassOnADatabaseFlywayMigrated() throws Exception {
        assertThat(flyway().migrate().migrationsExecuted).isEqualTo(3);

        assertThat(run(0, "validate").out()).doesNotContain("edited", "missing");
        assertThat(run(0, "check").out()).contains("up to date");
        assertThat(run(0, "current", "--json").out().strip()).isEqualTo("{\"heads\":[\"2\"]}");

        // An edited file is noticed the Flyway way too: by Flyway's checksum of the file.
        Files.writeString(dir.resolve("V1__people.sql"), "CREATE TABLE people (id bigint PRIMARY KEY, name text);\n");
        Cli.Result edited = run(1, "validate");
        assertThat(edited.out() + edited.err()).contains("V1__people.sql");
    }

    @Test
    void everyCommandReadsTheFolderAsFlywayAndWritesFlywaysHistory() throws Exception {
        Files.delete(dir.resolve("V2__email.sql"));
        Files.delete(dir.resolve("U2__email.sql"));
        assertThat(flyway().migrate().migrationsExecuted).isEqualTo(2);
        Files.writeString(dir.resolve("V2__email.sql"), "ALTER TABLE people ADD COLUMN email text;\n");
        Files.writeString(dir.resolve("U2__email.sql"), "ALTER TABLE people DROP COLUMN email;\n");

        assertThat(run(1, "check").out()).contains("2");
        assertThat(run(0, "status").out()).contains("2");
        run(0, "upgrade", "heads");
        assertThat(db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", null, "2");
        flyway().validate();
        assertThat(run(0, "history").out()).contains("1 -> 2 (head)");
        run(0, "downgrade", "-1");
        assertThat(db.column("SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'"))
                .containsExactly("0");
        // Flyway's history has no stamp; the command knows it is on a Flyway project and says what to use.
        assertThat(run(2, "stamp", "heads").err()).contains("Flyway project", "ferry baseline");
        assertThat(db.column("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ferry_version'"))
                .as("a Flyway project keeps no ferry_version").containsExactly("0");
    }

    @Test
    void aFolderMixingBothFormatsIsRefusedNamingOneFileOfEach() throws Exception {
        new Project(dir).revision("0c0000000001", "base", "SELECT 1;", null);
        for (List<String> command : List.of(List.of("heads"), List.of("current"), List.of("upgrade"))) {
            Cli.Result r = run(2, command.toArray(String[]::new));
            assertThat(r.error().message()).contains("mix", "001_0c0000000001.sql", "R__names.sql");
        }
        // Flyway's own commands read the folder as Flyway's, and refuse the native file all the same,
        // --ignore-misnamed or not: skipped, it would never run.
        for (List<String> command : List.of(List.of("migrate"), List.of("info"), List.of("migrate", "--ignore-misnamed"),
                List.of("upgrade", "--flyway"))) {
            Cli.Result r = run(2, command.toArray(String[]::new));
            assertThat(r.err()).contains("mix", "001_0c0000000001.sql", "native Ferry migration");
        }
        assertThat(db.column("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).containsExactly("0");
    }

    @Test
    void newMigrationsInAFlywayProjectAreFlywayFiles() throws Exception {
        Cli.Result r = run(0, "revision", "-m", "add phone numbers");
        assertThat(r.out().strip()).endsWith("V3__add_phone_numbers.sql");
        assertThat(dir.resolve("V3__add_phone_numbers.sql")).content().startsWith("-- add phone numbers");
        assertThat(run(0, "heads").out()).as("still a Flyway project").contains("3, add phone numbers (head)");
        assertThat(run(2, "revision", "-m", "x", "--head", "2").err()).contains("Flyway project");
        assertThat(run(2, "merge", "2", "3", "-m", "join").err()).contains("no heads to merge");
    }

    @Test
    void theFormatCanStillBeForcedAndANativeReadingOfFlywayFilesSaysWhatTheyLookLike() throws Exception {
        Files.writeString(cwd.resolve("ferry.yaml"), "format: ferry\n");
        Cli.Result r = run(2, "heads");
        assertThat(r.err()).contains("R__names.sql", "looks like a Flyway migration", "--flyway",
                "format: flyway");

        Files.writeString(cwd.resolve("ferry.yaml"), "format: flyway\n");
        assertThat(run(0, "heads").out()).contains("2, email (head)");
        Files.delete(cwd.resolve("ferry.yaml"));
        assertThat(run(0, "heads", "--flyway").out()).contains("2, email (head)");
    }
}
