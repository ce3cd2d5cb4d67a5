package io.ferry.migration.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.source.RevisionSource;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A revision source listed in META-INF/services is read beside the migration folders. */
class ServiceLoadedSourceTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @TempDir
    Path services;

    /** The plug-in: one revision, built in code, on top of the folder's first revision. */
    public static final class PluginSource implements RevisionSource {

        @Override
        public List<Revision> load() {
            String sql = "CREATE TABLE from_plugin (id int);";
            return List.of(Revision.builder("plug01").parents("file01").message("from the plug-in")
                    .up(SqlBody.unsplit("plugin:plug01", sql, 1, SqlBody.Check.NONE)).checksum("plug01-v1")
                    .origin("plugin:plug01").build());
        }

        @Override
        public String describe() {
            return "the test's plug-in";
        }
    }

    @BeforeEach
    void reset() throws Exception {
        db.reset();
    }

    /** A class loader that sees the services file, the way a plug-in's jar would be seen. */
    private ClassLoader withPlugin() throws Exception {
        Path file = services.resolve("META-INF/services/" + RevisionSource.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, PluginSource.class.getName() + "\n");
        return new URLClassLoader(new URL[] {services.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void aServiceLoadedSourceAddsItsRevisionsToTheFolders() throws Exception {
        Project p = new Project(dir);
        p.revision("file01", "base", "CREATE TABLE from_file (id int);", null);

        Ferry ferry = p.configure(db).classLoader(withPlugin()).load();
        assertThat(ferry.graph().revisions()).extracting(Revision::id).containsExactly("file01", "plug01");
        assertThat(p.configure(db).classLoader(withPlugin()).graph().heads()).extracting(Revision::id)
                .containsExactly("plug01");

        ferry.upgrade("head");
        assertThat(ferry.current()).containsExactly("plug01");
        assertThat(db.column("SELECT to_regclass('from_plugin') IS NOT NULL")).containsExactly("t");
    }

    @Test
    void withoutTheServicesFileNothingIsAdded() throws Exception {
        Project p = new Project(dir);
        p.revision("file01", "base", "CREATE TABLE from_file (id int);", null);
        assertThat(p.ferry(db).graph().revisions()).extracting(Revision::id).containsExactly("file01");
    }
}
