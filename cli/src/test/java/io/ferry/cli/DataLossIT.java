package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-loss guard through {@code ./ferry}: a downgrade that drops a column holding values is refused with
 * {@code downgrade-loses-data} and the count, runs with {@code --allow-data-loss} and is recorded in
 * {@code ferry_history} (and shown by {@code ferry history}), and runs unasked when the column is empty;
 * {@code --dry-run} and {@code --sql} show the same report, also when nothing would be lost; a failed run's row shows
 * no loss; a Flyway project's {@code undo} is guarded the same way,
 * and its acknowledgement goes to {@code ferry_history} only.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DataLossIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path cwd;

    private Cli cli;

    @BeforeEach
    void project() throws Exception {
        db.reset();
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("a1a1a1a1a1a1", "base", "CREATE TABLE accounts (id int PRIMARY KEY);", "DROP TABLE accounts;");
        p.revision("b2b2b2b2b2b2", "a1a1a1a1a1a1", "ALTER TABLE accounts ADD COLUMN email text;",
                "ALTER TABLE accounts DROP COLUMN email;");
        cli = Cli.against(db, cwd);
        Cli.Result up = cli.run("upgrade");
        assertThat(up.exit()).as("%s", up).isZero();
    }

    @Test
    void aDowngradeDroppingAColumnWithDataIsRefusedThenRunsWhenAllowedAndIsRecorded() throws Exception {
        db.execute("INSERT INTO accounts VALUES (1, 'a@example.com'), (2, NULL), (3, 'c@example.com')");

        Cli.Result refused = cli.run("downgrade", "-1");

        assertThat(refused.exit()).as("%s", refused).isEqualTo(1);
        ErrorLines error = refused.error().hasCode("downgrade-loses-data");
        assertThat(error.message()).contains("column accounts.email: 2 values", "002_b2b2b2b2b2b2.sql:7",
                "revision b2b2b2b2b2b2", "nothing was run");
        assertThat(error.hint()).contains("--allow-data-loss");
        assertThat(error.see()).isEqualTo("docs/runbooks/rollback.md#downgrade-loses-data");
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("b2b2b2b2b2b2");
        assertThat(db.column("SELECT count(email) FROM accounts")).containsExactly("2");

        Cli.Result allowed = cli.run("downgrade", "-1", "--allow-data-loss");

        assertThat(allowed.exit()).as("%s", allowed).isZero();
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("a1a1a1a1a1a1");
        assertThat(db.column("SELECT data_loss FROM ferry_history WHERE action = 'downgrade'"))
                .containsExactly("column accounts.email: 2 values");
        Cli.Result history = cli.run("history");
        assertThat(history.out()).containsPattern("  data loss allowed: downgrade at \\S+ by \\S+: column"
                + " accounts\\.email: 2 values");
        JsonNode json = new ObjectMapper().readTree(cli.run("history", "--json").out());
        JsonNode b2 = json.get("revisions").get(0);
        assertThat(b2.get("id").asText()).isEqualTo("b2b2b2b2b2b2");
        assertThat(b2.get("dataLoss").get(0).get("action").asText()).isEqualTo("downgrade");
        assertThat(b2.get("dataLoss").get(0).get("lost").asText()).isEqualTo("column accounts.email: 2 values");
        assertThat(json.get("revisions").get(1).has("dataLoss")).isFalse();

        // A failed run was rolled back and lost nothing: history shows no loss for it, even if its row has one.
        db.execute("UPDATE ferry_history SET success = false, error = 'boom' WHERE action = 'downgrade'");
        assertThat(cli.run("history").out()).doesNotContain("data loss allowed");
        assertThat(new ObjectMapper().readTree(cli.run("history", "--json").out()).get("revisions").get(0)
                .has("dataLoss")).isFalse();
    }

    @Test
    void aDowngradeDroppingAnEmptyColumnRunsWithoutAsking() throws Exception {
        db.execute("INSERT INTO accounts (id) VALUES (1), (2)");

        Cli.Result down = cli.run("downgrade", "-1");

        assertThat(down.exit()).as("%s", down).isZero();
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("a1a1a1a1a1a1");
        assertThat(db.column("SELECT count(*) FROM ferry_history WHERE data_loss IS NOT NULL")).containsExactly("0");
    }

    @Test
    void dryRunAndSqlShowTheReportAndRunNothing() throws Exception {
        db.execute("INSERT INTO accounts VALUES (1, 'a@example.com'), (2, 'b@example.com')");

        Cli.Result dry = cli.run("downgrade", "-1", "--dry-run");

        assertThat(dry.exit()).as("%s", dry).isZero();
        assertThat(dry.outLines()).containsSubsequence("dry run: would run 1 migration, changing nothing now:",
                "data loss: the run would lose data the database holds, so it refuses without --allow-data-loss:");
        assertThat(dry.out()).contains("002_b2b2b2b2b2b2.sql:7 (b2b2b2b2b2b2): column accounts.email: 2 values");

        JsonNode json = new ObjectMapper().readTree(cli.run("downgrade", "-1", "--dry-run", "--json").out());
        JsonNode loss = json.get("dataLoss").get(0);
        assertThat(loss.get("kind").asText()).isEqualTo("column");
        assertThat(loss.get("object").asText()).isEqualTo("accounts.email");
        assertThat(loss.get("count").asLong()).isEqualTo(2);
        assertThat(loss.get("line").asInt()).isEqualTo(7);
        assertThat(loss.get("estimated").asBoolean()).isFalse();
        assertThat(loss.get("losesData").asBoolean()).isTrue();

        Cli.Result sql = cli.run("downgrade", "-1", "--sql");

        assertThat(sql.exit()).as("%s", sql).isZero();
        // psql has no guard: the script says that it loses data and runs without asking.
        assertThat(sql.outLines()).startsWith("-- ferry: this script loses data, and psql runs it without asking:",
                "--  migrations/002_b2b2b2b2b2b2.sql:7 (b2b2b2b2b2b2): column"
                + " accounts.email: 2 values");
        assertThat(sql.out()).contains("ALTER TABLE accounts DROP COLUMN email");

        // Nothing to lose: --sql still says so, in the dry run's words.
        db.execute("UPDATE accounts SET email = NULL");
        assertThat(cli.run("downgrade", "-1", "--dry-run").outLines())
                .contains("data loss: none; the statements that could lose data find nothing to lose:");
        assertThat(cli.run("downgrade", "-1", "--sql").outLines()).startsWith("-- ferry: data loss: none; the"
                + " statements that could lose data find nothing to lose:", "--  migrations/002_b2b2b2b2b2b2.sql:7 (b2b2b2b2b2b2):"
                + " column accounts.email: 0 values, nothing lost");
        assertThat(cli.run("upgrade", "--sql").outLines()).startsWith("-- ferry: data loss: none; no statement drops,"
                + " empties or converts data");

        Cli.Result upDry = cli.run("upgrade", "--dry-run");
        assertThat(upDry.out()).contains("dry run: nothing to do");
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("b2b2b2b2b2b2");
        assertThat(db.column("SELECT count(*) FROM accounts")).containsExactly("2");
    }

    @Test
    void aFlywayUndoIsGuardedTooAndItsAcknowledgementGoesToFerryHistoryOnly() throws Exception {
        db.reset();
        Path flyway = cwd.resolve("flyway");
        Path dir = Files.createDirectories(flyway.resolve("db/migration"));
        Files.writeString(dir.resolve("V1__people.sql"), "CREATE TABLE people (id int);\n");
        Files.writeString(dir.resolve("V1_1__email.sql"), "ALTER TABLE people ADD COLUMN email text;\n");
        Files.writeString(dir.resolve("U1_1__email.sql"), "ALTER TABLE people DROP COLUMN email;\n");
        Files.writeString(flyway.resolve("ferry.yaml"), "format: flyway\ndirs: [db/migration]\n");
        Cli f = Cli.against(db, flyway);
        assertThat(f.run("migrate").exit()).isZero();
        db.execute("INSERT INTO people VALUES (1, 'a@example.com')");

        Cli.Result refused = f.run("undo");

        assertThat(refused.exit()).as("%s", refused).isEqualTo(1);
        assertThat(refused.error().hasCode("downgrade-loses-data").message()).contains("column people.email: 1 value");

        Cli.Result allowed = f.run("undo", "--allow-data-loss");

        assertThat(allowed.exit()).as("%s", allowed).isZero();
        assertThat(allowed.err()).contains("note: flyway_schema_history has no place for it");
        assertThat(db.column("SELECT data_loss FROM ferry_history WHERE action = 'downgrade'"))
                .containsExactly("column people.email: 1 value");
        assertThat(db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank")).containsExactly("1");
    }
}
