package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The commands that read or change the database, driven through ./ferry against real PostgreSQL. */
class DatabaseCommandsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path cwd;

    private Cli cli;
    private Path second;

    @BeforeEach
    void project() throws Exception {
        db.reset();
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("aaaa00000001", "base", "CREATE TABLE things (id int);", "DROP TABLE things;");
        second = p.revision("aaaa00000002", "aaaa00000001", "ALTER TABLE things ADD COLUMN name text;",
                "ALTER TABLE things DROP COLUMN name;");
        cli = Cli.against(db, cwd);
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void upgradeCurrentAndIdempotence() {
        Cli.Result empty = ok("current", "--json");
        assertThat(empty.out().strip()).isEqualTo("{\"heads\":[]}");
        assertThat(empty.err()).isEmpty();

        Cli.Result up = ok("upgrade");
        assertThat(up.out()).contains("upgraded 2 revisions", "the database is at aaaa00000002");
        assertThat(up.err()).contains("upgrade aaaa00000001", "upgrade aaaa00000002", "done in");

        assertThat(ok("current", "--json").out().strip()).isEqualTo("{\"heads\":[\"aaaa00000002\"]}");
        assertThat(ok("current").out()).contains("aaaa00000002", "(head)");
        assertThat(ok("current", "--verbose").out()).contains("Revision:      aaaa00000002", "File:");

        Cli.Result again = ok("upgrade", "head");
        assertThat(again.out()).contains("nothing to do", "already at aaaa00000002");
    }

    @Test
    void upgradeAndDowngradeWithJsonAndRelativeTargets() {
        Cli.Result up = ok("upgrade", "+1", "--json");
        assertThat(up.out().strip()).startsWith("{\"direction\":\"upgrade\",\"target\":\"+1\",\"headsBefore\":[],"
                + "\"headsAfter\":[\"aaaa00000001\"],\"revisions\":[{\"id\":\"aaaa00000001\"");
        assertThat(up.err()).as("no progress lines with --json").isEmpty();
        ok("upgrade");
        Cli.Result down = ok("downgrade", "-1");
        assertThat(down.out()).contains("downgraded 1 revision", "the database is at aaaa00000001");
        ok("downgrade", "base");
        assertThat(ok("current", "--json").out().strip()).isEqualTo("{\"heads\":[]}");
    }

    @Test
    void historyListsNewestFirstWithApplied() {
        ok("upgrade", "aaaa00000001");
        Cli.Result json = ok("history", "--json");
        assertThat(json.out().strip()).isEqualTo("{\"revisions\":["
                + "{\"id\":\"aaaa00000002\",\"parents\":[\"aaaa00000001\"],\"message\":\"aaaa00000002\",\"applied\":false},"
                + "{\"id\":\"aaaa00000001\",\"parents\":[],\"message\":\"aaaa00000001\",\"applied\":true}]}");
        Cli.Result text = ok("history", "--indicate-current");
        assertThat(text.outLines()).containsExactly("aaaa00000001 -> aaaa00000002 (head), aaaa00000002",
                "<base> -> aaaa00000001 (current), aaaa00000001");
        assertThat(ok("history", "-r", "aaaa00000002:").outLines()).hasSize(1);
        assertThat(ok("history", "--verbose").out()).contains("Applied:       yes", "Applied:       no");
    }

    @Test
    void stampCheckValidateAndStatus() throws Exception {
        Cli.Result pending = cli.run("check");
        assertThat(pending.exit()).isEqualTo(1);
        assertThat(pending.out()).contains("pending: 2 revisions", "aaaa00000001, aaaa00000002");

        Cli.Result stamp = ok("stamp", "aaaa00000001");
        assertThat(stamp.out()).contains("stamped", "aaaa00000001");
        assertThat(db.column("SELECT to_regclass('things') IS NULL")).as("stamp ran no SQL").containsExactly("t");
        assertThat(ok("stamp", "base", "--json").out().strip())
                .isEqualTo("{\"headsBefore\":[\"aaaa00000001\"],\"headsAfter\":[]}");

        ok("upgrade");
        Cli.Result upToDate = ok("check");
        assertThat(upToDate.out()).contains("up to date");
        assertThat(ok("check", "--json").out()).contains("\"upToDate\":true");
        assertThat(ok("validate").out()).contains("valid");

        Cli.Result status = ok("status");
        assertThat(status.out()).contains("current:      aaaa00000002", "pending:      none", "lock:         free");
        assertThat(ok("status", "--json").out()).contains("\"current\":[\"aaaa00000002\"]", "\"pending\":[]",
                "\"lock\":null");

        Files.writeString(second, Files.readString(second).replace("name text", "name varchar(10)"));
        Cli.Result invalid = cli.run("validate");
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.out()).contains("edited:", second.getFileName().toString());
        Cli.Result blocked = cli.run("upgrade");
        assertThat(blocked.exit()).isEqualTo(1);
        assertThat(blocked.error().message()).contains("checksum", second.getFileName().toString());
    }

    @Test
    void sqlPrintsTheScriptAndRunsNothing() throws Exception {
        Cli.Result sql = ok("upgrade", "--sql");
        assertThat(sql.out()).contains("-- Ferry offline script: upgrade to head", "BEGIN;",
                "CREATE TABLE things (id int);", "INSERT INTO \"public\".ferry_version", "COMMIT;");
        assertThat(db.column("SELECT to_regclass('ferry_version') IS NULL")).containsExactly("t");
        ok("upgrade");
        assertThat(ok("downgrade", "base", "--sql").out()).contains("ALTER TABLE things DROP COLUMN name;",
                "DROP TABLE things;");
    }

    @Test
    void theLockRetryFlagsAndKeysReachTheRun() throws Exception {
        ok("upgrade", "aaaa00000001");
        try (var holder = db.connect(); var s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE things IN ACCESS SHARE MODE");

            Cli.Result capped = cli.run("upgrade", "--lock-timeout", "200ms", "--retries", "1");
            assertThat(capped.exit()).as(capped.toString()).isEqualTo(4);
            assertThat(capped.err()).contains("attempt 1 of at most 2", "of --lock-retry-for left");
            assertThat(capped.err()).contains("was not granted within 200ms, 2 times in ",
                    "the limit of 1 retry was reached", "--retries");

            // A budget that leaves a retry after the first attempt, however slowly a loaded machine starts it.
            Cli.Result budget = cli.run("upgrade", "--lock-timeout", "100ms", "--lock-retry-for", "2s");
            assertThat(budget.exit()).as(budget.toString()).isEqualTo(4);
            long retried = budget.errLines().stream().filter(l -> l.contains("a lock was not granted in time")).count();
            assertThat(retried).as(budget.toString()).isPositive();
            assertThat(budget.err()).contains(", " + (retried + 1) + " times in ",
                    "the lock-retry budget of 2s ran out", "--lock-retry-for");

            Files.writeString(cwd.resolve("ferry.yaml"), "lock-timeout: 100ms\nlock-retry-for: 0\n");
            Cli.Result once = cli.run("upgrade");
            assertThat(once.exit()).as(once.toString()).isEqualTo(4);
            assertThat(once.err()).doesNotContain("a lock was not granted in time");
            assertThat(once.err()).contains("not granted within 100ms on its only attempt", "the lock-retry budget is 0");
        }
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("aaaa00000001");
    }
}
