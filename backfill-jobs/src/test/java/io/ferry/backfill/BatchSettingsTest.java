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

    /**
     * Hashes {@code rows} rows of a new table {@code table} in batches of 100, a trigger noting {@code setting}
     * as each row's update saw it; returns each value seen with its count ("off 500").
     */
    private static List<String> runNoting(String table, String setting, int rows) throws Exception {
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, title text, body text, content_hash text)",
                "INSERT INTO " + table + " (id, title, body) SELECT i, 't' || i, 'b' || i FROM generate_series(1, "
                        + rows + ") i",
                "CREATE TABLE seen_" + table + " (setting text)",
                "CREATE FUNCTION note_" + table + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO seen_"
                        + table + " VALUES (current_setting('" + setting + "')); RETURN NEW; END $$",
                "CREATE TRIGGER " + table + "_note BEFORE UPDATE ON " + table + " FOR EACH ROW EXECUTE FUNCTION note_"
                        + table + "()");
        Backfills backfills = Backfills.configure().dataSource(db.dataSource())
                .job(job(table, "hash", Map.of("table", table, "key", "id", "columns", List.of("title", "body"),
                        "target", "content_hash")))
                .load();

        RunResult run = backfills.run(table, RunSettings.defaults().batchSize(100), new RunControl());

        assertThat(run.rowsChanged()).isEqualTo(rows);
        return db.column("SELECT setting || ' ' || count(*) FROM seen_" + table + " GROUP BY setting");
    }

    @Test
    void everyBatchRunsWithJitOffEvenWhenTheDatabaseTurnsItOn() throws Exception {
        db.execute("ALTER DATABASE " + db.name() + " SET jit = on");
        assertThat(db.column("SELECT current_setting('jit')")).as("a new session of the database").containsExactly("on");

        assertThat(runNoting("templates", "jit", 500)).containsExactly("off 500");
    }

    @Test
    void aRealRunsBatchesCommitWithoutWaitingForTheirWalFlush() throws Exception {
        assertThat(runNoting("notes", "synchronous_commit", 300)).containsExactly("off 300");
    }
}
