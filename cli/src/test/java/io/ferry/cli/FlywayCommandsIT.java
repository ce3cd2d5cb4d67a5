package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Flyway's commands through ./ferry, on a Flyway project. */
class FlywayCommandsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path cwd;

    private Cli cli;

    @BeforeEach
    void project() throws Exception {
        db.reset();
        Path dir = Files.createDirectories(cwd.resolve("db/migration"));
        Files.writeString(dir.resolve("V1__people.sql"), "CREATE TABLE people (id int);\n");
        Files.writeString(dir.resolve("V1_1__email.sql"), "ALTER TABLE people ADD COLUMN ${column} text;\n");
        Files.writeString(dir.resolve("U1_1__email.sql"), "ALTER TABLE people DROP COLUMN ${column};\n");
        Files.writeString(dir.resolve("R__names.sql"), "CREATE OR REPLACE VIEW ids AS SELECT id FROM people;\n");
        Files.writeString(cwd.resolve("ferry.yaml"), "format: flyway\ndirs: [db/migration]\nplaceholders:\n  column: email\n");
        cli = Cli.against(db, cwd);
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void migrateInfoUndoAndTheRevisionCommands() throws Exception {
        assertThat(ok("migrate", "--dry-run").out()).contains("would run 3 migrations", "V1__people.sql",
                "R__names.sql");
        assertThat(db.column("SELECT to_regclass('flyway_schema_history') IS NULL")).containsExactly("t");

        assertThat(ok("migrate", "--target", "1.0").out()).contains("upgraded 1 revision");
        ok("migrate");
        String info = ok("info", "--json").out().strip();
        assertThat(info).startsWith("{\"migrations\":[{\"version\":\"1\",\"description\":\"people\",\"type\":\"SQL\","
                + "\"checksum\":").contains("\"state\":\"Success\"", "\"version\":null,\"description\":\"names\"",
                "\"installedOn\":\"");
        assertThat(ok("info").out()).contains("Version", "State", "1.1", "email", "Success");
        assertThat(ok("check").out()).contains("up to date");
        assertThat(ok("validate").out()).contains("valid");
        assertThat(ok("current", "--json").out().strip()).isEqualTo("{\"heads\":[\"1_1\"]}");

        assertThat(ok("undo").out()).contains("downgraded 1 revision");
        assertThat(db.column("SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'"))
                .containsExactly("0");
        assertThat(ok("info", "--json").out()).contains("\"version\":\"1.1\",\"description\":\"email\",\"type\":\"SQL\"",
                "\"state\":\"Pending\"");
        Cli.Result check = cli.run("check");
        assertThat(check.exit()).isEqualTo(1);
        ok("migrate");
        assertThat(ok("migrate").out()).contains("nothing to do");
    }

    @Test
    void baselineRepairAndClean() throws Exception {
        db.execute("CREATE TABLE people (id int)");
        assertThat(ok("baseline", "--baseline-version", "1").out()).contains("baselined at version 1");
        assertThat(ok("migrate").out()).contains("upgraded 2 revisions");
        Files.writeString(cwd.resolve("db/migration/V1_1__email.sql"), "-- tidied\nALTER TABLE people ADD COLUMN ${column} text;\n");
        assertThat(cli.run("validate").exit()).isEqualTo(1);
        assertThat(ok("repair").out()).contains("realigned 1 checksum");
        ok("validate");

        Files.writeString(cwd.resolve("db/migration/notes.sql"), "-- not a migration\n");
        Cli.Result misnamed = cli.run("info");
        assertThat(misnamed.exit()).isEqualTo(2);
        assertThat(misnamed.err()).contains("notes.sql", "not a Flyway migration name");
        assertThat(ok("info", "--ignore-misnamed").out()).contains("Success");

        Cli.Result refused = cli.run("clean", "--ignore-misnamed");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("--allow-clean");
        assertThat(db.column("SELECT to_regclass('people') IS NOT NULL")).containsExactly("t");
        assertThat(ok("clean", "--allow-clean", "--ignore-misnamed").out()).contains("cleaned");
        assertThat(db.column("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"))
                .containsExactly("0");
    }
}
