package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.history.flyway.FlywayInfo;
import io.ferry.migration.source.flyway.FlywayChecksum;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * When malformed SQL is found: reading a project does not split its files, so commands that only read
 * work on a project holding a malformed file; a run (or a script, or a dry run) splits every step of its
 * plan before the first one executes, so a malformed file in the plan stops it before anything has run.
 */
class MalformedSqlTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @BeforeEach
    void clean() throws Exception {
        db.reset();
    }

    private boolean exists(String table) throws Exception {
        return db.column("SELECT to_regclass('" + table + "') IS NOT NULL").get(0).equals("t");
    }

    @Test
    void commandsThatOnlyReadWorkOnAProjectWithAMalformedFile() throws Exception {
        Project p = new Project(dir);
        p.revision("r1", "base", "CREATE TABLE r1 (id int);", "DROP TABLE r1;");
        p.revision("r2", "r1", "CREATE TABLE r2 (id int);", "DROP TABLE r2;");
        p.revision("r3", "r2", "CREATE TABLE r3 (id int);\nSELECT 'never closed;", "SELECT 1;");
        Ferry ferry = p.ferry(db);

        ferry.upgrade("r2");
        assertThat(ferry.current()).containsExactly("r2");
        assertThat(ferry.status().pending()).containsExactly("r3");
        assertThat(ferry.validate().valid()).isTrue();
        assertThat(ferry.history()).hasSize(2);
        assertThat(ferry.graph().heads()).extracting(r -> r.id()).containsExactly("r3");

        // Applied without running (stamped), the malformed revision is still only read, never split...
        ferry.stamp(List.of("r3"), false);
        assertThat(ferry.status().upToDate()).isTrue();
        assertThat(ferry.validate().valid()).isTrue();
        // ...and a downgrade runs its down section, the only part the run needs.
        ferry.downgrade("r2");
        assertThat(ferry.current()).containsExactly("r2");
        assertThat(exists("r2")).isTrue();
    }

    @Test
    void anUpgradeWhosePlanHoldsAMalformedRevisionRunsNothingOfIt() throws Exception {
        Project p = new Project(dir);
        p.revision("r1", "base", "CREATE TABLE r1 (id int);", null);
        p.revision("r2", "r1", "CREATE TABLE r2 (id int);", null);
        Path bad = p.revision("r3", "r2", "CREATE TABLE r3 (id int);\nSELECT 'never closed;", null);
        Ferry ferry = p.ferry(db);

        assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.INVALID_MIGRATION_FILE, bad + ":6:",
                "string opened at line 6 is never closed");
        assertThat(exists("r1")).as("the plan's first revision did not run").isFalse();
        assertThat(exists("ferry_version")).as("nor were the history tables created").isFalse();
        assertFails(() -> ferry.upgradeSql("head"), MigrationErrorCode.INVALID_MIGRATION_FILE, bad + ":6:");
        assertFails(() -> ferry.planUpgrade("head"), MigrationErrorCode.INVALID_MIGRATION_FILE, bad + ":6:");
    }

    @Test
    void aDowngradeWhosePlanHoldsAMalformedDownSectionRevertsNothing() throws Exception {
        Project p = new Project(dir);
        p.revision("d1", "base", "CREATE TABLE d1 (id int);", "DROP TABLE d1;");
        Path bad = p.revision("d2", "d1", "CREATE TABLE d2 (id int);", "DROP TABLE d2;\nSELECT $$ never closed;");
        p.revision("d3", "d2", "CREATE TABLE d3 (id int);", "DROP TABLE d3;");
        Ferry ferry = p.ferry(db);
        ferry.upgrade("head");

        assertFails(() -> ferry.downgrade("base"), MigrationErrorCode.INVALID_MIGRATION_FILE, bad + ":8:", "dollar-quoted");
        assertThat(ferry.current()).containsExactly("d3");
        assertThat(exists("d3")).as("d3, first in the plan, was not reverted").isTrue();
        ferry.downgrade("d2");
        assertThat(exists("d3")).isFalse();
    }

    @Test
    void flywayInfoListsMalformedMigrationsAndMigrateStopsBeforeThem() throws Exception {
        String v2 = "CREATE TABLE t2 (id int);\nCREATE INDEX CONCURRENTLY t2_id ON t2 (id);\n";
        String v3 = "SELECT 'never closed;\n";
        Files.writeString(dir.resolve("V1__one.sql"), "CREATE TABLE t1 (id int);\n");
        Files.writeString(dir.resolve("V2__mixed.sql"), v2);
        Files.writeString(dir.resolve("V3__unclosed.sql"), v3);
        Ferry ferry = new Project(dir).configure(db).flyway().load();

        List<FlywayInfo.Entry> info = ferry.flyway().info();
        assertThat(info).extracting(FlywayInfo.Entry::state).containsExactly("Pending", "Pending", "Pending");
        assertThat(info).extracting(FlywayInfo.Entry::checksum)
                .containsExactly(Optional.of(FlywayChecksum.of("CREATE TABLE t1 (id int);\n")),
                        Optional.of(FlywayChecksum.of(v2)), Optional.of(FlywayChecksum.of(v3)));

        assertFails(() -> ferry.upgrade("heads"), MigrationErrorCode.NON_TRANSACTIONAL_STATEMENT, "V2__mixed.sql:2",
                "CREATE INDEX CONCURRENTLY");
        assertThat(exists("t1")).as("V1 did not run").isFalse();
        assertThat(exists("flyway_schema_history")).isFalse();

        ferry.upgrade("1");
        assertThat(ferry.flyway().info()).extracting(FlywayInfo.Entry::state)
                .containsExactly("Success", "Pending", "Pending");

        // V2 declared non-transactional is runnable; V3 still is not, and stops V2 from running too.
        Files.writeString(dir.resolve("V2__mixed.sql.conf"), "executeInTransaction=false\n");
        Ferry fixed = new Project(dir).configure(db).flyway().load();
        assertFails(() -> fixed.upgrade("heads"), MigrationErrorCode.INVALID_MIGRATION_FILE, "V3__unclosed.sql:1:",
                "never closed");
        assertThat(exists("t2")).isFalse();
    }

    @Test
    void aMalformedCallbackStopsTheCommandThatWouldRunItBeforeAnythingRuns() throws Exception {
        Files.writeString(dir.resolve("V1__one.sql"), "CREATE TABLE t1 (id int);\n");
        Files.writeString(dir.resolve("beforeMigrate.sql"), "CREATE TABLE before_migrate (id int);\n");
        Files.writeString(dir.resolve("afterMigrate.sql"), "SELECT 'never closed;\n");
        Files.writeString(dir.resolve("beforeInfo.sql"), "CREATE TABLE IF NOT EXISTS before_info (id int);\n");
        Ferry ferry = new Project(dir).configure(db).flyway().load();

        assertThat(ferry.flyway().info()).extracting(FlywayInfo.Entry::state).containsExactly("Pending");
        assertThat(exists("before_info")).as("info ran its own callback").isTrue();

        assertFails(() -> ferry.upgrade("heads"), MigrationErrorCode.INVALID_MIGRATION_FILE, "afterMigrate.sql:1:");
        assertThat(exists("before_migrate")).as("beforeMigrate did not run").isFalse();
        assertThat(exists("t1")).isFalse();
        assertThat(exists("flyway_schema_history")).as("nor was the history table created").isFalse();

        db.execute("DROP TABLE before_info");
        Files.writeString(dir.resolve("afterInfo.sql"), "SELECT $$ never closed;\n");
        Ferry again = new Project(dir).configure(db).flyway().load();
        assertFails(() -> again.flyway().info(), MigrationErrorCode.INVALID_MIGRATION_FILE, "afterInfo.sql:1:");
        assertThat(exists("before_info")).as("beforeInfo did not run").isFalse();
    }

    /** PostgreSQL says where in a statement it failed: the error names that line, not the statement's first. */
    @Test
    void aStatementErrorNamesTheLineOfTheErrorInTheFile() throws Exception {
        Project p = new Project(dir);
        String body = "CREATE TABLE people (\n    id int,\n    name txt\n);";
        Path tx = p.revision("e1", "base", body, null);
        Path alone = p.revision("e2", "base", "-- ferry:transactional false\n", body.replace("people", "others"), null);
        Ferry ferry = p.ferry(db);

        for (Path file : List.of(tx, alone)) {
            List<String> lines = Files.readAllLines(file);
            int errorLine = lines.indexOf("    name txt") + 1;
            int firstLine = errorLine - 2;
            assertThat(lines.get(firstLine - 1)).startsWith("CREATE TABLE");
            String target = file == tx ? "e1" : "e2";
            assertFails(() -> ferry.upgrade(target), MigrationErrorCode.MIGRATION_FAILED, file + ":" + errorLine + ":",
                    "type \"txt\" does not exist");
        }
    }
}
