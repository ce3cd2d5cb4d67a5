package io.ferry.runbook.runbooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.runbook.project.ServerProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project's own runbook folder, named by {@code runbooks:} in ferry.yaml or by {@code ferry.runbooks.dir}. */
class ProjectRunbooksTest {

    @TempDir
    Path root;

    @Test
    void theFolderFerryYamlNamesAddsPagesAndOverridesBuiltInOnes() throws IOException {
        Path builtin = page(root.resolve("builtin"), "running", "# Built-in running");
        page(builtin, "rollback", "# Built-in rollback");
        Path project = root.resolve("app");
        page(project.resolve("ops/runbooks"), "rollback", "# Our rollback");
        page(project.resolve("ops/runbooks"), "our-failover", "# Our failover");

        RunbookLibrary library = new RunbookLibrary(Optional.of(builtin.toString()), Optional.empty(), Optional.empty(),
                new Project(project, "ops/runbooks"));

        assertThat(library.pages()).extracting(RunbookPage::name).contains("running", "rollback", "our-failover");
        assertThat(library.page("rollback")).get().satisfies(p -> {
            assertThat(p.title()).isEqualTo("Our rollback");
            assertThat(p.fromProject()).isTrue();
        });
        assertThat(library.page("running")).get().extracting(RunbookPage::fromProject).isEqualTo(false);
        assertThat(library.folders()).extracting(RunbookLibrary.Folder::shownAs).contains("ops/runbooks");
    }

    @Test
    void theServersSettingWinsOverFerryYaml() throws IOException {
        Path builtin = page(root.resolve("builtin"), "running", "# Built-in running");
        Path project = root.resolve("app");
        page(project.resolve("from-yaml"), "yaml-page", "# From ferry.yaml");
        page(project.resolve("from-setting"), "setting-page", "# From the setting");

        RunbookLibrary library = new RunbookLibrary(Optional.of(builtin.toString()), Optional.empty(),
                Optional.of("from-setting"), new Project(project, "from-yaml"));

        assertThat(library.pages()).extracting(RunbookPage::name).contains("setting-page").doesNotContain("yaml-page");
    }

    private static Path page(Path folder, String name, String markdown) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name + ".md"), markdown + "\n\nText.\n");
        return folder;
    }

    /** A project that has a folder and a ferry.yaml {@code runbooks:} value, and no database. */
    private record Project(Path projectDir, String runbooks) implements ServerProject {

        @Override
        public Optional<String> runbooksDir() {
            return Optional.of(runbooks);
        }

        @Override
        public DataSource dataSource() {
            throw new AssertionError("the runbook library must not touch the database");
        }

        @Override
        public Ferry ferry() {
            throw new AssertionError("the runbook library must not touch the database");
        }

        @Override
        public Ferry reload() {
            throw new AssertionError("the runbook library must not touch the database");
        }

        @Override
        public String describe() {
            return "no database";
        }
    }
}
