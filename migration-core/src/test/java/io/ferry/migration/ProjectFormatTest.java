package io.ferry.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFormatTest {

    @TempDir
    Path dir;

    private ProjectFormat detect() {
        return ProjectFormat.detect(List.of(dir));
    }

    private void write(String name, String text) throws Exception {
        Files.createDirectories(dir.resolve(name).getParent());
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void flywayNamesWithoutHeadersAreAFlywayProject() throws Exception {
        write("V1__a.sql", "CREATE TABLE a (id int);\n");
        write("sub/V1_1__b.sql", "-- a plain comment\nCREATE TABLE b (id int);\n");
        write("U1_1__b.sql", "DROP TABLE b;\n");
        write("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;\n");
        write("afterMigrate.sql", "SELECT 1;\n");
        assertThat(detect()).isEqualTo(ProjectFormat.FLYWAY);
    }

    @Test
    void headersMakeANativeProjectWhateverTheNames() throws Exception {
        new Project(dir).revision("a1b2c3d4e5f6", "base", "SELECT 1;", null);
        // A native file may have any name, a Flyway-looking one included, as long as it has a header.
        write("V2__looks_like_flyway.sql", "\uFEFF\n-- notes first\n-- ferry:revision f6e5d4c3b2a1\n"
                + "-- ferry:revises a1b2c3d4e5f6\n-- ferry:up\nSELECT 2;\n");
        assertThat(detect()).isEqualTo(ProjectFormat.NATIVE);
    }

    @Test
    void emptyMissingAndUnrecognisedFoldersAreNative() throws Exception {
        assertThat(detect()).isEqualTo(ProjectFormat.NATIVE);
        assertThat(ProjectFormat.detect(List.of(dir.resolve("missing")))).isEqualTo(ProjectFormat.NATIVE);
        write("notes.sql", "SELECT 1;\n");
        assertThat(detect()).isEqualTo(ProjectFormat.NATIVE);
        write(".hidden/V1__x.sql", "SELECT 1;\n");
        assertThat(detect()).as("hidden folders are skipped").isEqualTo(ProjectFormat.NATIVE);
    }

    @Test
    void bothFormatsTogetherAreRefusedNamingOneFileOfEach() throws Exception {
        new Project(dir).revision("a1b2c3d4e5f6", "base", "SELECT 1;", null);
        write("V1__a.sql", "CREATE TABLE a (id int);\n");
        assertThatThrownBy(this::detect).isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.code()).isEqualTo(MigrationErrorCode.MIXED_MIGRATION_FORMATS);
            assertThat(e.getMessage()).contains("001_a1b2c3d4e5f6.sql", "V1__a.sql");
        });
    }

    @Test
    void aSqlLineEndsTheHeaderSearch() throws Exception {
        write("V1__a.sql", "SELECT 1;\n-- ferry:revision a1b2c3d4e5f6\n");
        assertThat(detect()).as("a directive after SQL is not a header").isEqualTo(ProjectFormat.FLYWAY);
    }
}
