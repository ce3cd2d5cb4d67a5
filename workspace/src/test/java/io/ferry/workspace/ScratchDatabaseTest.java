package io.ferry.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.schema.SchemaSnapshot;
import io.ferry.migration.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ScratchDatabaseTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private List<String> scratchDatabases() throws Exception {
        return db.column("SELECT datname FROM pg_database WHERE datname LIKE 'ferry\\_scratch\\_%' ORDER BY 1");
    }

    @Test
    void isCreatedUsableAndDroppedEvenWithAConnectionLeftOpen() throws Exception {
        List<String> before = scratchDatabases();
        ScratchDatabase scratch = ScratchDatabase.create(db.url(), db.user(), db.password(), TIMEOUT);
        assertThat(scratch.name()).matches("ferry_scratch_[0-9a-f]{12}");
        assertThat(scratchDatabases()).contains(scratch.name());
        assertThat(scratch.majorVersion()).isGreaterThanOrEqualTo(13);
        Connection open = scratch.dataSource().getConnection();
        try (Statement s = open.createStatement()) {
            s.execute("CREATE TABLE t (id int)");
        }
        scratch.close();
        scratch.close();
        assertThat(scratchDatabases()).isEqualTo(before);
        assertThat(open.isValid(1)).isFalse();
    }

    @Test
    void anUnreachableServerIsAConnectionErrorNamingIt() {
        assertThatThrownBy(() -> ScratchDatabase.create("jdbc:postgresql://127.0.0.1:1/postgres", "nobody", null,
                Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.category()).isEqualTo(ErrorCategory.CONNECTION);
                    assertThat(e.getMessage()).startsWith("cannot reach the scratch server jdbc:postgresql://127.0.0.1:1/");
                    assertThat(e.hint()).contains("--dev-url");
                });
    }

    @Test
    void replayAppliesTheRevisionsAndReadsAsTheLiveDatabaseIsRead(@TempDir Path dir) throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("a.sql"), """
                -- ferry:revision aaaa00000001
                -- ferry:revises base
                -- ferry:message one
                -- ferry:up
                CREATE TABLE documents (id bigint PRIMARY KEY, title text);
                -- ferry:down
                DROP TABLE documents;
                """);
        Files.writeString(migrations.resolve("b.sql"), """
                -- ferry:revision bbbb00000002
                -- ferry:revises aaaa00000001
                -- ferry:message two
                -- ferry:up
                CREATE INDEX documents_title_idx ON documents (title);
                -- ferry:down
                DROP INDEX documents_title_idx;
                """);
        ProjectSettings project = new ProjectSettings(List.of(migrations), null, null, false, null, false);
        List<String> before = scratchDatabases();
        StringWriter notes = new StringWriter();
        try (Workspace ws = Workspace.database(project, new ConnectionSettings(db.url(), db.user(), db.password(), null),
                Map.of(), new PrintWriter(notes))) {
            SchemaSnapshot first;
            SchemaSnapshot head;
            try (ScratchDatabase scratch = ws.scratchDatabase(devUrl())) {
                first = ws.replay(scratch, List.of("aaaa00000001"));
            }
            try (ScratchDatabase scratch = ws.scratchDatabase(devUrl())) {
                head = ws.replay(scratch, List.of("heads"));
            }
            assertThat(first.tables()).extracting(t -> t.name()).containsExactly("documents");
            assertThat(first.indexes()).isEmpty();
            assertThat(head.indexes()).extracting(i -> i.name()).containsExactly("documents_title_idx");

            ws.ferry().upgrade("heads");
            assertThat(ws.snapshot()).isEqualTo(head);
        }
        assertThat(scratchDatabases()).isEqualTo(before);
    }

    private static String devUrl() {
        return db.url() + (db.url().contains("?") ? "&" : "?") + "user=" + db.user()
                + (db.password() == null ? "" : "&password=" + db.password());
    }
}
