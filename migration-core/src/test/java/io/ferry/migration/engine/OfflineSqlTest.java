package io.ferry.migration.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.testing.Catalog;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The offline script, run by psql on an empty database, gives what upgrade gives. */
class OfflineSqlTest {

    @RegisterExtension
    static final TestDatabase migrated = new TestDatabase();

    @RegisterExtension
    static final TestDatabase scripted = new TestDatabase();

    @Test
    void psqlRunningTheScriptBuildsTheSameSchemaAndVersionAsUpgrade(@TempDir Path dir) throws Exception {
        Project p = new Project(dir.resolve("migrations"));
        p.revision("o1", "base", """
                CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL); -- trailing comment
                CREATE FUNCTION shout(t text) RETURNS text AS $$ SELECT upper(t) || '!'; $$ LANGUAGE sql""",
                "DROP FUNCTION shout(text);\nDROP TABLE accounts;");
        p.revision("o2", "o1", "-- ferry:branch-labels left\n", "CREATE TABLE lefts (id int, note text DEFAULT 'a;b')",
                "DROP TABLE lefts;");
        p.revision("o3", "o1", "-- ferry:branch-labels right\n-- ferry:statement-timeout 1min\n",
                "CREATE TABLE rights (id int)\n-- a comment after the last statement", "DROP TABLE rights;");
        p.revision("o4", "o2 o3", "-- ferry:transactional false\n",
                "CREATE INDEX CONCURRENTLY accounts_name ON accounts (name);", "DROP INDEX CONCURRENTLY accounts_name;");

        p.ferry(migrated).upgrade("head");

        String script = p.ferry(scripted).upgradeSql("head");
        Ferry ferry = p.ferry(scripted);
        assertThat(ferry.sqlScript(ferry.planUpgrade("head"))).as("the script of a plan made first").isEqualTo(script);
        assertThat(scripted.column("SELECT to_regclass('ferry_version') IS NULL")).as("rendering changes nothing")
                .containsExactly("t");
        Path file = Files.writeString(dir.resolve("upgrade.sql"), script);
        runPsql(file);

        assertThat(Catalog.snapshot(scripted)).isEqualTo(Catalog.snapshot(migrated)).isNotEmpty();
        assertThat(scripted.column("SELECT version_num FROM ferry_version")).containsExactly("o4")
                .isEqualTo(migrated.column("SELECT version_num FROM ferry_version"));
        assertThat(scripted.column("SELECT revision || ' ' || action || ' ' || checksum || ' ' || success"
                + " FROM ferry_history ORDER BY id")).isEqualTo(migrated.column("SELECT revision || ' ' || action"
                + " || ' ' || checksum || ' ' || success FROM ferry_history ORDER BY id"));
        assertThat(scripted.column("SELECT obj_description('ferry_history'::regclass, 'pg_class')"))
                .isEqualTo(migrated.column("SELECT obj_description('ferry_history'::regclass, 'pg_class')"));
        // Ferry itself accepts the scripted database as up to date.
        assertThat(p.ferry(scripted).upgrade("head").nothingToDo()).isTrue();

        // A downgrade script works the same way.
        Path down = Files.writeString(dir.resolve("downgrade.sql"), p.ferry(scripted).downgradeSql("base"));
        runPsql(down);
        assertThat(Catalog.snapshot(scripted)).isEmpty();
        assertThat(scripted.column("SELECT count(*) FROM ferry_version")).containsExactly("0");
    }

    private static void runPsql(Path file) throws Exception {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", scripted.host(), "-p", String.valueOf(scripted.port()), "-d", scripted.name(), "-f", file.toString()));
        if (scripted.user() != null) {
            command.addAll(List.of("-U", scripted.user()));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (scripted.password() != null) {
            pb.environment().put("PGPASSWORD", scripted.password());
        }
        Process psql = pb.start();
        String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(psql.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(psql.exitValue()).as("psql said: %s%nscript:%n%s", output, Files.readString(file)).isZero();
    }
}
