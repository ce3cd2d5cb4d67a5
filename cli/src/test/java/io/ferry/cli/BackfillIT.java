package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry backfill} through the real launcher: JSON, signals, SIGKILL and resume, the job lock. */
class BackfillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The system property that fixes the seed of the SIGKILL test's kill points. */
    static final String SEED_PROPERTY = "ferry.it.seed";
    private static final String HASH_SQL = "encode(sha256(convert_to(coalesce(title, '') || E'\\x1f' ||"
            + " coalesce(body, ''), 'UTF8')), 'hex')";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path cwd;

    private Cli cli;

    @BeforeEach
    void project() throws Exception {
        db.reset();
        Files.writeString(cwd.resolve("ferry.yaml"), """
                backfills:
                  hashes:
                    type: hash
                    table: templates
                    key: id
                    columns: [title, body]
                    target: content_hash
                  reference:
                    type: hash
                    table: reference
                    key: id
                    columns: [title, body]
                    target: content_hash
                """);
        cli = Cli.against(db, cwd);
    }

    /** {@code rows} templates, half of them needing a hash; and an identical table named reference. */
    private void templates(int rows) throws Exception {
        for (String table : List.of("templates", "reference")) {
            db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, title text NOT NULL, body text,"
                            + " content_hash text)",
                    "INSERT INTO " + table + " SELECT i, 'title ' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'body ' || i"
                            + " END, CASE WHEN i % 4 = 1 THEN 'stale' END FROM generate_series(1, " + rows + ") AS i",
                    "UPDATE " + table + " SET content_hash = " + HASH_SQL + " WHERE id % 2 = 0");
        }
    }

    private String contents(String table) throws Exception {
        return db.column("SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM " + table + " AS t").get(0);
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    private static JsonNode json(Cli.Result r) throws Exception {
        return JSON.readTree(r.out());
    }

    private long batchesDone() throws Exception {
        if (db.column("SELECT to_regclass('ferry_backfill_runs') IS NULL").get(0).equals("t")) {
            return 0;
        }
        List<String> n = db.column("SELECT batches FROM ferry_backfill_runs WHERE job = 'hashes' ORDER BY id DESC LIMIT 1");
        return n.isEmpty() ? 0 : Long.parseLong(n.get(0));
    }

    private void waitForBatches(long atLeast, Cli.Running running) throws Exception {
        Await.until("batch " + atLeast + " of " + running.command(), () -> {
            if (batchesDone() >= atLeast) {
                return true;
            }
            assertThat(running.process().isAlive()).as("ferry ended before batch " + atLeast + ": "
                    + running.err().getNow("")).isTrue();
            return false;
        });
    }

    @Test
    void jsonResultsOfADryRunAndARealRun() throws Exception {
        templates(10_000);
        String before = contents("templates");

        JsonNode dry = json(ok("backfill", "run", "hashes", "--dry-run", "--json", "--batch-size", "3000"));
        assertThat(contents("templates")).isEqualTo(before);
        assertThat(db.column("SELECT to_regclass('ferry_backfill_runs') IS NULL")).containsExactly("t");
        JsonNode real = json(ok("backfill", "run", "hashes", "--json", "--batch-size", "3000"));
        JsonNode again = json(ok("backfill", "run", "hashes", "--json"));

        for (JsonNode r : List.of(dry, real)) {
            List<String> keys = new ArrayList<>();
            r.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).startsWith("job", "dryRun", "rowsScanned", "rowsChanged", "batches", "durationMs", "state");
            assertThat(r.get("job").asText()).isEqualTo("hashes");
            assertThat(r.get("rowsScanned").asLong()).isEqualTo(10_000);
            assertThat(r.get("rowsChanged").asLong()).isEqualTo(5_000);
            assertThat(r.get("batches").asInt()).isEqualTo(4);
            assertThat(r.get("state").asText()).isEqualTo("succeeded");
        }
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("batchDetails")).hasSize(4);
        assertThat(dry.get("batchDetails").get(1).get("after").get(0).asText()).isEqualTo("3000");
        assertThat(dry.get("samples")).hasSize(10);
        assertThat(dry.get("samples").get(0).get("before").get("content_hash").asText()).isEqualTo("stale");
        assertThat(real.get("dryRun").asBoolean()).isFalse();
        assertThat(again.get("rowsChanged").asLong()).isZero();
        assertThat(db.column("SELECT count(*) FROM templates WHERE content_hash IS DISTINCT FROM " + HASH_SQL))
                .containsExactly("0");

        JsonNode all = json(ok("backfill", "run", "all", "--json", "--dry-run"));
        assertThat(all.isArray()).isTrue();
        assertThat(all.findValuesAsText("job")).containsExactly("hashes", "reference");
        JsonNode list = json(ok("backfill", "list", "--json"));
        assertThat(list.findValuesAsText("job")).containsExactly("hashes", "reference");
        assertThat(list.get(0).get("type").asText()).isEqualTo("hash");
        JsonNode status = json(ok("backfill", "status", "--json"));
        assertThat(status.get(0).get("lastRun").get("state").asText()).isEqualTo("succeeded");
        assertThat(status.get(0).get("lastRun").get("rowsChanged").asLong()).isZero();
        assertThat(status.get(1).get("lastRun").isNull()).isTrue();
        assertThat(ok("backfill", "status").out()).contains("hashes (hash): succeeded", "reference (hash): never run");
    }

    /**
     * Five runs killed with SIGKILL at random batches, then one to the end: the table ends exactly as one
     * uninterrupted run leaves it, and the pieces' changes add up to that run's. The kill points come
     * from a seeded generator: {@value #SEED_PROPERTY} replays a failed run's points, which every
     * assertion message names.
     */
    @Test
    void sigkillAtRandomBatchesThenResumeEndsAsOneUninterruptedRun() throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, new Random().nextLong());
        String replay = "kill points of seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")";
        System.out.println("BackfillIT: " + replay);
        try {
            killFiveTimesThenResume(new Random(seed));
        } catch (AssertionError e) {
            throw new AssertionError(replay + ": " + e.getMessage(), e);
        }
    }

    private void killFiveTimesThenResume(Random random) throws Exception {
        templates(200_000);
        JsonNode reference = json(ok("backfill", "run", "reference", "--json", "--batch-size", "1000"));
        assertThat(reference.get("rowsChanged").asLong()).isEqualTo(100_000);

        long at = 0;
        List<Long> killedAt = new ArrayList<>();
        for (int kill = 0; kill < 5; kill++) {
            Cli.Running running = cli.start("backfill", "run", "hashes", "--batch-size", "1000", "--sleep", "5ms");
            at = at + 3 + random.nextInt(25);
            waitForBatches(at, running);
            running.signal("KILL");
            Cli.Result killed = running.await();
            assertThat(killed.exit()).as(killed.toString()).isEqualTo(137);
            killedAt.add(batchesDone());
            at = batchesDone();
        }
        String where = "killed after batches " + killedAt;
        assertThat(db.column("SELECT state FROM ferry_backfill_runs WHERE job = 'hashes'")).as(where)
                .containsExactly("running");
        assertThat(ok("backfill", "status").out()).as(where).contains("hashes (hash): interrupted");

        JsonNode last = json(ok("backfill", "run", "hashes", "--json", "--batch-size", "1000"));

        assertThat(last.get("resumedFrom").isArray()).as(where).isTrue();
        assertThat(last.get("resumedFrom").get(0).asLong()).as(where).isEqualTo(killedAt.get(4) * 1000);
        assertThat(contents("templates")).as(where).isEqualTo(contents("reference"));
        JsonNode total = last.get("total");
        assertThat(total.get("attempts").asInt()).as(where).isEqualTo(6);
        assertThat(total.get("rowsChanged").asLong()).as(where).isEqualTo(reference.get("rowsChanged").asLong());
        assertThat(total.get("rowsScanned").asLong()).as(where).isEqualTo(200_000);
        List<List<String>> pieces = db.query("SELECT attempt, sum(rows_changed) FROM ferry_backfill_batches"
                + " WHERE run_id = " + last.get("runId").asLong() + " GROUP BY attempt ORDER BY attempt");
        assertThat(pieces).as(where).hasSize(6);
        assertThat(pieces.stream().mapToLong(p -> Long.parseLong(p.get(1))).sum()).as(where).isEqualTo(100_000);
        assertThat(Long.parseLong(pieces.get(5).get(1))).as(where).isEqualTo(last.get("rowsChanged").asLong());
        // Every batch starts where the one before it ended: nothing skipped, nothing done twice.
        assertThat(db.column("SELECT count(*) FROM (SELECT cursor_from, lag(cursor_to) OVER (ORDER BY batch) AS prev,"
                + " batch FROM ferry_backfill_batches WHERE run_id = " + last.get("runId").asLong() + ") b"
                + " WHERE batch > 1 AND cursor_from IS DISTINCT FROM prev")).as(where).containsExactly("0");
    }

    @Test
    void aSecondRunExitsFourAndSignalsPauseTheFirst() throws Exception {
        templates(100_000);
        // Slow enough (200 batches, 100 ms apart) to be still running while the other commands start.
        Cli.Running first = cli.start("backfill", "run", "hashes", "--batch-size", "500", "--sleep", "100ms", "--json");
        waitForBatches(2, first);

        Cli.Result second = cli.run("backfill", "run", "hashes");
        assertThat(second.exit()).as(second.toString()).isEqualTo(4);
        assertThat(second.error().code()).isEqualTo("backfill-running");
        assertThat(second.error().message()).startsWith("backfill 'hashes' is already running in pid ");
        JsonNode status = json(ok("backfill", "status", "--json"));
        assertThat(status.get(0).get("running").asBoolean()).isTrue();
        assertThat(status.get(0).get("lastRun").get("state").asText()).isEqualTo("running");

        first.signal("INT");
        Cli.Result paused = first.await();
        assertThat(paused.exit()).as(paused.toString()).isEqualTo(130);
        assertThat(paused.err()).contains("SIGINT received; stopping after the current batch");
        JsonNode result = JSON.readTree(paused.out());
        assertThat(result.get("state").asText()).isEqualTo("paused");
        long done = result.get("rowsScanned").asLong();
        assertThat(db.query("SELECT state, rows_scanned FROM ferry_backfill_runs"))
                .containsExactly(List.of("paused", String.valueOf(done)));

        Cli.Running resumed = cli.start("backfill", "run", "hashes", "--batch-size", "500", "--sleep", "100ms", "--json");
        waitForBatches(batchesDone() + 2, resumed);
        resumed.signal("TERM");
        Cli.Result terminated = resumed.await();
        assertThat(terminated.exit()).as(terminated.toString()).isEqualTo(143);
        assertThat(JSON.readTree(terminated.out()).get("state").asText()).isEqualTo("paused");

        JsonNode finished = json(ok("backfill", "run", "hashes", "--json"));
        assertThat(finished.get("total").get("rowsChanged").asLong()).isEqualTo(50_000);
        assertThat(finished.get("total").get("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void aJobThatFailsInAllWithJsonLeavesItsErrorAloneOnStdout() throws Exception {
        templates(10);
        db.execute("DROP TABLE reference");
        Cli.Result r = cli.run("backfill", "run", "all", "--json");
        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.outLines()).as("one document: %s", r).hasSize(1);
        JsonNode error = json(r).get("error");
        assertThat(error.get("exitCode").asInt()).as(r.toString()).isEqualTo(r.exit());
        assertThat(r.errLines()).as(r.toString()).contains("error[" + error.get("code").asText() + "]: "
                + error.get("message").asText(), "see: " + error.get("runbook").asText());
        JsonNode first = json(ok("backfill", "status", "--json")).get(0);
        assertThat(first.get("job").asText()).isEqualTo("hashes");
        assertThat(first.get("lastRun").get("state").asText()).as("the job before it ran").isEqualTo("succeeded");
    }

    @Test
    void badInputIsOneErrorWithExitTwoAndChangesNothing() throws Exception {
        templates(1_000);
        String before = contents("templates");
        Files.writeString(cwd.resolve("typo.yaml"), """
                backfills:
                  hashes:
                    type: hash
                    table: templates
                    key: id
                    columns: [title, body]
                    targte: content_hash
                """);
        List<String[]> cases = List.of(
                new String[] {"backfill", "run", "nope"},
                new String[] {"backfill", "run", "hashes", "--batch-size", "0"},
                new String[] {"backfill", "run", "hashes", "--sleep", "soon"},
                new String[] {"backfill", "run", "hashes", "--max-rows", "-1"},
                new String[] {"backfill", "run", "--config", "typo.yaml", "hashes"},
                new String[] {"backfill", "frobnicate"},
                new String[] {"backfill"});
        for (String[] args : cases) {
            Cli.Result r = cli.run(args);
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.error().hint()).as(r.toString()).isNotBlank();
        }
        assertThat(cli.run("backfill", "run", "nope").err()).contains("no backfill named 'nope'", "hashes, reference");
        assertThat(cli.run("backfill", "run", "--config", "typo.yaml", "hashes").err())
                .contains("unknown key targte");
        assertThat(contents("templates")).isEqualTo(before);
        assertThat(db.column("SELECT to_regclass('ferry_backfill_runs') IS NULL")).containsExactly("t");

        Cli.Result down = Cli.against(db, cwd).env("FERRY_URL", "jdbc:postgresql://127.0.0.1:1/nothing")
                .run("backfill", "run", "hashes");
        assertThat(down.exit()).as(down.toString()).isEqualTo(3);
    }
}
