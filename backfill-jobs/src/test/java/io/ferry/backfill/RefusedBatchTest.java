package io.ferry.backfill;

import static io.ferry.backfill.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A batch the server refuses for a privilege the job's user lacks: the error is {@code permission-denied} and
 * names the {@code GRANT} that lets the job run, with the table and the user filled in, and what stays done.
 */
class RefusedBatchTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Map<String, Object> HASHES = Map.of("table", "templates", "key", "id",
            "columns", List.of("title", "body"), "target", "content_hash");

    @TempDir
    Path dir;

    private String role;

    @BeforeEach
    void aUserThatMayReadTheTableButNotWriteIt() throws SQLException {
        db.reset();
        Fixtures.templates(db, "templates", 100);
        // The job's own tables exist (made by a run as their owner), and the user may write them.
        Backfills.configure().dataSource(db.dataSource()).projectDir(dir).job(job("made", "hash", HASHES)).load()
                .run("made", RunSettings.defaults(), new RunControl());
        db.execute("UPDATE templates SET content_hash = 'stale'");
        role = "backfiller_" + db.name();
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'secret-2'",
                "GRANT CONNECT ON DATABASE " + db.name() + " TO " + role,
                "GRANT USAGE ON SCHEMA public TO " + role,
                "GRANT SELECT ON TABLE templates TO " + role,
                "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + role);
        for (String table : db.column("SELECT tablename FROM pg_tables WHERE tablename LIKE 'ferry\\_backfill%'")) {
            db.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE " + table + " TO " + role);
        }
    }

    @AfterEach
    void dropTheUser() throws SQLException {
        db.execute("DROP OWNED BY " + role, "DROP ROLE " + role);
    }

    private Backfills asTheUser() {
        PGSimpleDataSource as = new PGSimpleDataSource();
        as.setURL(db.url());
        as.setUser(role);
        as.setPassword("secret-2");
        return Backfills.configure().dataSource(as).projectDir(dir).job(job("hashes", "hash", HASHES)).load();
    }

    @Test
    void aRunRefusedTheUpdateNamesTheGrantAndChangesNothing() throws SQLException {
        assertThatThrownBy(() -> asTheUser().run("hashes", RunSettings.defaults(), new RunControl()))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(MigrationErrorCode.PERMISSION_DENIED);
                    assertThat(e.getMessage()).startsWith("backfill 'hashes' failed in batch 1")
                            .contains("permission denied for table templates",
                                    "user " + role + " lacks SELECT, UPDATE on table public.templates");
                    assertThat(e.hint()).contains("GRANT SELECT, UPDATE ON TABLE public.templates TO " + role,
                            "the batches before it are committed, and the job resumes from its checkpoint");
                });
        assertThat(db.column("SELECT count(*) FROM templates WHERE content_hash = 'stale'")).containsExactly("100");
        assertThat(db.column("SELECT state FROM ferry_backfill_runs WHERE job = 'hashes'")).containsExactly("failed");

        db.execute("GRANT UPDATE ON TABLE templates TO " + role);
        RunResult granted = asTheUser().run("hashes", RunSettings.defaults(), new RunControl());
        assertThat(granted.rowsChanged()).isEqualTo(100);
    }

    @Test
    void aDryRunRefusedTheReadNamesTheGrantOfSelect() throws SQLException {
        db.execute("REVOKE SELECT ON TABLE templates FROM " + role);
        assertThatThrownBy(() -> asTheUser().run("hashes", RunSettings.defaults().dryRun(true), new RunControl()))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(MigrationErrorCode.PERMISSION_DENIED);
                    assertThat(e.getMessage()).contains("permission denied for table templates");
                    assertThat(e.hint()).contains("GRANT SELECT ON TABLE public.templates TO " + role,
                            "the dry run changed nothing");
                });
    }
}
