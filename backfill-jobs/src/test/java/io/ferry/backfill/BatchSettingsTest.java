package io.ferry.backfill;

import static io.ferry.backfill.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a batch's transaction runs under, whatever the server's and the session's settings say. */
class BatchSettingsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void everyBatchRunsWithJitOffEvenWhenTheDatabaseTurnsItOn() throws Exception {
        db.execute("ALTER DATABASE " + db.name() + " SET jit = on",
                "CREATE TABLE templates (id int PRIMARY KEY, title text, body text, content_hash text)",
                "INSERT INTO templates (id, title, body) SELECT i, 't' || i, 'b' || i FROM generate_series(1, 500) i",
                "CREATE TABLE seen (jit text)",
                "CREATE FUNCTION note_jit() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN INSERT INTO seen VALUES (current_setting('jit')); RETURN NEW; END $$",
                "CREATE TRIGGER templates_jit BEFORE UPDATE ON templates FOR EACH ROW EXECUTE FUNCTION note_jit()");
        assertThat(db.column("SELECT current_setting('jit')")).as("a new session of the database").containsExactly("on");
        Backfills backfills = Backfills.configure().dataSource(db.dataSource())
                .job(job("hashes", "hash", Map.of("table", "templates", "key", "id", "columns", List.of("title", "body"),
                        "target", "content_hash")))
                .load();

        RunResult run = backfills.run("hashes", RunSettings.defaults().batchSize(100), new RunControl());

        assertThat(run.rowsChanged()).isEqualTo(500);
        assertThat(db.column("SELECT jit || ' ' || count(*) FROM seen GROUP BY jit")).containsExactly("off 500");
    }

    @Test
    void aRealRunsBatchesCommitWithoutWaitingForTheirFlushAndItsEndWaits() throws Exception {
        db.execute("CREATE TABLE notes (id int PRIMARY KEY, title text, body text, content_hash text)",
                "INSERT INTO notes (id, title, body) SELECT i, 't' || i, 'b' || i FROM generate_series(1, 300) i",
                "CREATE TABLE commits (setting text)",
                "CREATE FUNCTION note_commit() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN INSERT INTO commits VALUES (current_setting('synchronous_commit')); RETURN NEW; END $$",
                "CREATE TRIGGER notes_commit BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION note_commit()");
        Backfills backfills = Backfills.configure().dataSource(db.dataSource())
                .job(job("notes", "hash", Map.of("table", "notes", "key", "id", "columns", List.of("title", "body"),
                        "target", "content_hash")))
                .load();

        RunResult run = backfills.run("notes", RunSettings.defaults().batchSize(100), new RunControl());

        assertThat(run.rowsChanged()).isEqualTo(300);
        assertThat(db.column("SELECT setting || ' ' || count(*) FROM commits GROUP BY setting")).containsExactly("off 300");
        assertThat(db.column("SELECT current_setting('synchronous_commit')")).as("a session after the run")
                .containsExactly(db.column("SELECT reset_val FROM pg_settings WHERE name = 'synchronous_commit'").get(0));
    }
}
