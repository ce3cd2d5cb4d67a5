package io.ferry.migration.source.flyway;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flyway project's targets may be versions, from the library as from {@code ferry migrate --target}:
 * {@code upgrade("1.1")} does what {@code upgrade("1_1")}, the revision's own id, does.
 */
class FlywayTargetsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private Ferry ferry;

    @BeforeEach
    void project() throws Exception {
        db.reset();
        Files.writeString(dir.resolve("V1__a.sql"), "CREATE TABLE a (id int);\n");
        Files.writeString(dir.resolve("V1_1__b.sql"), "CREATE TABLE b (id int);\n");
        Files.writeString(dir.resolve("U1_1__b.sql"), "DROP TABLE b;\n");
        Files.writeString(dir.resolve("V2__c.sql"), "CREATE TABLE c (id int);\n");
        Files.writeString(dir.resolve("U2__c.sql"), "DROP TABLE c;\n");
        ferry = load();
    }

    private Ferry load() {
        return new Project(dir).configure(db).flyway().load();
    }

    private List<String> tables() throws Exception {
        return db.column("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                + " AND tablename NOT IN ('flyway_schema_history', 'ferry_history') ORDER BY 1");
    }

    /** What Flyway reads: every column but the time and the user. */
    private List<List<String>> flywayHistory() throws Exception {
        return db.query("SELECT installed_rank, version, description, type, script, checksum, success"
                + " FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static List<String> ids(List<PlannedStep> steps) {
        return steps.stream().map(s -> s.revision().id()).toList();
    }

    @Test
    void aVersionTargetsItsRevisionAsTheRevisionsIdDoes() throws Exception {
        assertThat(ids(ferry.planUpgrade("1.1").steps())).containsExactly("1", "1_1");
        assertThat(ferry.upgradeSql("1.1")).isEqualTo(ferry.upgradeSql("1_1"));

        MigrationResult byVersion = ferry.upgrade("1.1");
        assertThat(byVersion.headsAfter()).containsExactly("1_1");
        assertThat(byVersion.target()).as("the target as asked").isEqualTo("1.1");
        assertThat(tables()).containsExactly("a", "b");
        List<List<String>> written = flywayHistory();
        assertThat(written).extracting(row -> row.get(1)).containsExactly("1", "1.1");

        db.reset();
        load().upgrade("1_1");
        assertThat(flywayHistory()).as("the same rows as with the revision's id").isEqualTo(written);
    }

    @Test
    void versionsCompareAsFlywayComparesThem() throws Exception {
        ferry.upgrade("2.0");
        assertThat(ferry.current()).containsExactly("2");
        assertThat(ids(ferry.planDowngrade("1.1.0").steps())).containsExactly("2");
        ferry.downgrade("1.1");
        assertThat(tables()).containsExactly("a", "b");
        assertThat(ferry.downgrade("1.01").nothingToDo()).isTrue();
    }

    @Test
    void otherTargetsKeepTheGrammarsMeaning() throws Exception {
        assertThat(ferry.upgrade("+1").headsAfter()).containsExactly("1");
        assertThat(ferry.upgrade("1_1+1").headsAfter()).containsExactly("2");
        assertThat(ferry.downgrade("-1").headsAfter()).containsExactly("1_1");
        assertThat(ferry.upgrade("heads").headsAfter()).containsExactly("2");
    }

    @Test
    void aVersionNoMigrationHasChangesNothing() throws Exception {
        FerryException e = assertFails(() -> ferry.upgrade("3"), MigrationErrorCode.UNKNOWN_REVISION,
                "no migration has version 3");
        assertThat(e.remedy().actions()).extracting(Remedy.Action::kind).containsExactly(MigrationRemedy.SHOW_VERSIONS);
        assertThat(e.hint()).isEqualTo("list the versions with: Ferry.flyway().info()");
        assertFails(() -> ferry.planUpgrade("1.5"), MigrationErrorCode.UNKNOWN_REVISION, "version 1.5");
        assertThat(db.column("SELECT to_regclass('flyway_schema_history') IS NULL")).containsExactly("t");
        assertThat(tables()).isEmpty();
    }

    @Test
    void aNativeProjectHasNoVersions() throws Exception {
        Path natives = Files.createDirectory(dir.resolve("native"));
        Project p = new Project(natives);
        p.revision("1", "base", "SELECT 1;", null);
        Ferry nativeFerry = p.ferry(db);
        assertFails(() -> nativeFerry.upgrade("1.0"), MigrationErrorCode.INVALID_TARGET, "'1.0'");
        assertThat(nativeFerry.planUpgrade("1").steps()).hasSize(1);
    }
}
