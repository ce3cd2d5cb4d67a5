package io.ferry.migration.source.flyway;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.graph.SqlBody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlywaySourceTest {

    @TempDir
    Path dir;

    private void write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private FlywayProject read(Map<String, String> placeholders) {
        return new FlywaySource(dir, placeholders, false).read();
    }

    @Test
    void fileNamesAreReadAsFlywayReadsThem() {
        FlywayFileName v = FlywayFileName.parse("V1_2__Add_user_table.sql");
        assertThat(v.kind()).isEqualTo(FlywayFileName.Kind.VERSIONED);
        assertThat(v.version()).hasValueSatisfying(x -> assertThat(x.text()).isEqualTo("1.2"));
        assertThat(v.description()).isEqualTo("Add user table");
        assertThat(FlywayFileName.parse("U3__undo_it.SQL").kind()).isEqualTo(FlywayFileName.Kind.UNDO);
        FlywayFileName r = FlywayFileName.parse("R__refresh_views.sql");
        assertThat(r.kind()).isEqualTo(FlywayFileName.Kind.REPEATABLE);
        assertThat(r.version()).isEmpty();
        assertThatThrownBy(() -> FlywayFileName.parse("V1_add.sql")).hasMessageContaining("no '__'");
        assertThatThrownBy(() -> FlywayFileName.parse("X1__add.sql")).hasMessageContaining("neither V");
        assertThatThrownBy(() -> FlywayFileName.parse("V1a__add.sql")).hasMessageContaining("not a version");
        assertThatThrownBy(() -> FlywayFileName.parse("V__add.sql")).hasMessageContaining("no version");
    }

    /** Flyway 13's callback events: Ferry's own, and those it never raises (whose files are still callbacks). */
    @Test
    void callbackFilesAreNamedAfterFlywaysEvents() {
        assertThat(FlywaySource.CALLBACK_EVENTS).containsExactlyInAnyOrder(
                "beforeMigrate", "beforeEachMigrate", "beforeEachMigrateStatement", "afterEachMigrateStatement",
                "afterEachMigrateStatementError", "afterEachMigrate", "afterEachMigrateError", "afterMigrate",
                "afterMigrateApplied", "afterVersioned", "afterMigrateError", "beforeUndo", "beforeEachUndo",
                "afterEachUndo", "afterEachUndoError", "afterUndo", "afterUndoError", "beforeClean", "afterClean",
                "afterCleanError", "beforeInfo", "afterInfo", "afterInfoError", "beforeValidate", "afterValidate",
                "afterValidateError", "beforeBaseline", "afterBaseline", "afterBaselineError", "beforeRepair",
                "afterRepair", "afterRepairError", "createSchema", "beforeConnect", "afterConnect");
        assertThat(FlywayFileName.callbackEvent("afterEachMigrateStatement__log.sql"))
                .contains("afterEachMigrateStatement");
        assertThat(FlywayFileName.callbackEvent("afterMigrateNow.sql")).isEmpty();
    }

    @Test
    void versionsCompareAsNumbersIgnoringTrailingZeros() {
        assertThat(FlywayVersion.parse("1.0")).isEqualTo(FlywayVersion.parse("1"));
        assertThat(FlywayVersion.parse("1_2")).isEqualTo(FlywayVersion.parse("1.2"));
        assertThat(FlywayVersion.parse("1.10")).isGreaterThan(FlywayVersion.parse("1.9"));
        assertThat(FlywayVersion.parse("2")).isGreaterThan(FlywayVersion.parse("1.99.99"));
        assertThat(FlywayVersion.parse("1.2.0").revisionId()).isEqualTo("1_2_0");
    }

    @Test
    void versionedFilesFormALinearChainWithUndoAsDown() throws Exception {
        write("V1__first.sql", "CREATE TABLE a (id int);");
        write("sub/V1_10__third.sql", "CREATE TABLE c (id int);");
        write("V1_9__second.sql", "CREATE TABLE b (id int);");
        write("U1_9__second.sql", "DROP TABLE b;");
        write("R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;");
        write("beforeMigrate.sql", "SELECT 1;");
        write("afterMigrate__notify.sql", "SELECT 2;");
        FlywayProject project = read(Map.of());
        RevisionGraph graph = RevisionGraph.of(project.revisions());
        assertThat(graph.revisions()).extracting(Revision::id).containsExactly("1", "1_9", "1_10");
        assertThat(graph.get("1_10").parents()).containsExactly("1_9");
        assertThat(graph.get("1_9").isReversible()).isTrue();
        assertThat(graph.get("1").isReversible()).isFalse();
        assertThat(graph.get("1_9").message()).isEqualTo("second");
        assertThat(project.versioned().get(2).script()).isEqualTo("sub/V1_10__third.sql");
        assertThat(project.repeatables()).extracting(m -> m.name().description()).containsExactly("views");
        assertThat(project.callbacks()).extracting(FlywayMigration::script)
                .containsExactlyInAnyOrder("beforeMigrate.sql", "afterMigrate__notify.sql");
    }

    @Test
    void linksToFilesAreMigrationsAndFoldersNamedLikeOneAreNot(@TempDir Path elsewhere) throws Exception {
        write("V1__here.sql", "SELECT 1;");
        Path target = Files.writeString(elsewhere.resolve("shared.sql"), "SELECT 2;");
        Files.createSymbolicLink(dir.resolve("V2__linked.sql"), target);
        Files.createDirectories(dir.resolve("V3__folder.sql"));
        write("V4__there.sql", "SELECT 4;");
        write("V4__there.sql.conf", "executeInTransaction=false\n");
        assertThat(read(Map.of()).versioned()).extracting(FlywayMigration::script, FlywayMigration::transactional)
                .containsExactly(tuple("V1__here.sql", true), tuple("V2__linked.sql", true),
                        tuple("V4__there.sql", false));
    }

    @Test
    void aMisnamedFileIsAnErrorUnlessIgnored() throws Exception {
        write("V1__ok.sql", "SELECT 1;");
        write("V2_oops.sql", "SELECT 2;");
        assertFails(() -> read(Map.of()), MigrationErrorCode.INVALID_MIGRATION_FILE, "V2_oops.sql", "no '__'");
        assertThat(new FlywaySource(dir, Map.of(), true).read().versioned()).hasSize(1);
    }

    @Test
    void aVersionTooLongForARevisionIdIsAnErrorWhenTheFilesAreRead() throws Exception {
        String version = "1".repeat(Revision.MAX_ID_LENGTH + 1);
        write("V" + version + "__long.sql", "SELECT 1;");
        assertFails(() -> read(Map.of()), MigrationErrorCode.INVALID_REVISION_ID, "V" + version + "__long.sql",
                "65 characters long; the limit is 64");
        Files.delete(dir.resolve("V" + version + "__long.sql"));
        write("V" + version.substring(1) + "__long.sql", "SELECT 1;");
        assertThat(RevisionGraph.of(read(Map.of()).revisions()).revisions()).hasSize(1);
    }

    @Test
    void theSameVersionTwiceIsAnError() throws Exception {
        write("V1__a.sql", "SELECT 1;");
        write("V1_0__b.sql", "SELECT 1;");
        assertFails(() -> read(Map.of()), MigrationErrorCode.DUPLICATE_REVISION, "V1__a.sql", "V1_0__b.sql");
    }

    @Test
    void placeholdersAreReplacedAndAnUndefinedOneIsAnErrorWithItsLine() throws Exception {
        write("V1__p.sql", "CREATE TABLE ${prefix}_t (id int);\nCOMMENT ON TABLE ${prefix}_t IS '${flyway:filename}';");
        SqlBody body = (SqlBody) read(Map.of("prefix", "app")).versioned().get(0).body();
        assertThat(body.statements().get(1).sql()).isEqualTo("COMMENT ON TABLE app_t IS 'V1__p.sql'");
        write("V2__q.sql", "SELECT 1;\nSELECT '${missing}';");
        assertFails(() -> read(Map.of("prefix", "app")), MigrationErrorCode.INVALID_MIGRATION_FILE, "V2__q.sql:2",
                "${missing}");
    }

    @Test
    void filesAreReadWithoutSplittingTheirStatements() throws Exception {
        write("V1__unclosed.sql", "CREATE TABLE t (id int);\nSELECT 'never closed;\n");
        write("V2__unclosed_index.sql", "CREATE INDEX CONCURRENTLY i ON t (id);\nSELECT $$ never closed;\n");
        List<FlywayMigration> versioned = read(Map.of()).versioned();
        assertThat(versioned).extracting(FlywayMigration::checksum).containsExactly(
                FlywayChecksum.of("CREATE TABLE t (id int);\nSELECT 'never closed;\n"),
                FlywayChecksum.of("CREATE INDEX CONCURRENTLY i ON t (id);\nSELECT $$ never closed;\n"));
        assertFails(() -> ((SqlBody) versioned.get(0).body()).statements(), MigrationErrorCode.INVALID_MIGRATION_FILE,
                "V1__unclosed.sql:2:", "string opened at line 2 is never closed");
        assertFails(() -> ((SqlBody) versioned.get(1).body()).statements(), MigrationErrorCode.INVALID_MIGRATION_FILE,
                "V2__unclosed_index.sql:2:", "dollar-quoted");
    }

    @Test
    void transactionalityFollowsTheConfOrTheStatements() throws Exception {
        write("V1__index.sql", "CREATE INDEX CONCURRENTLY i ON t (id);");
        write("V2__conf.sql", "SELECT 1;");
        write("V2__conf.sql.conf", "# run outside a transaction\nexecuteInTransaction=false\n");
        write("V3__plain.sql", "SELECT 1;");
        // These hold the filter's words, so their statements decide: not one is refused in a transaction.
        write("V3_1__words.sql", "SELECT current_database();\nCOMMENT ON TABLE t IS 'VACUUM it weekly';");
        write("V3_2__maintenance.sql", "-- no transaction\nVACUUM t;\nREINDEX TABLE CONCURRENTLY t;");
        List<FlywayMigration> versioned = read(Map.of()).versioned();
        assertThat(versioned).extracting(FlywayMigration::transactional)
                .containsExactly(false, false, true, true, false);

        // A mix of both kinds is an error when the statements are split (for a run), not when the file is read.
        write("V4__mixed.sql", "CREATE TABLE x (id int);\nCREATE INDEX CONCURRENTLY xi ON x (id);");
        FlywayMigration mixed = read(Map.of()).versioned().get(5);
        assertFails(() -> ((SqlBody) mixed.body()).statements(), MigrationErrorCode.NON_TRANSACTIONAL_STATEMENT,
                "V4__mixed.sql:2", "CREATE INDEX CONCURRENTLY", "also holds statements that belong in a transaction");
        write("V4__mixed.sql.conf", "executeInTransaction=true\n");
        FlywayMigration declared = read(Map.of()).versioned().get(5);
        assertThat(declared.transactional()).isTrue();
        assertFails(() -> ((SqlBody) declared.body()).statements(), MigrationErrorCode.NON_TRANSACTIONAL_STATEMENT,
                "V4__mixed.sql:2", "executeInTransaction=true");
        Files.delete(dir.resolve("V4__mixed.sql"));
        Files.delete(dir.resolve("V4__mixed.sql.conf"));
        write("V3__plain.sql.conf", "executeInTransaktion=false\n");
        assertFails(() -> read(Map.of()), MigrationErrorCode.INVALID_MIGRATION_FILE, "V3__plain.sql.conf:1",
                "unknown key 'executeInTransaktion'");
    }
}
