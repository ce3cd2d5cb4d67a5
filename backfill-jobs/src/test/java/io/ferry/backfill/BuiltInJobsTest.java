package io.ferry.backfill;

import static io.ferry.backfill.Fixtures.contents;
import static io.ferry.backfill.Fixtures.job;
import static io.ferry.backfill.Fixtures.runs;
import static io.ferry.backfill.Fixtures.sequences;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each built-in job on 100,000 generated rows: the dry run's count is the real run's, the dry run leaves
 * the table, the sequences and the run records exactly as they were, and a second run changes nothing.
 */
class BuiltInJobsTest {

    private static final int ROWS = 100_000;

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    /** Dry run, real run, real run again; returns the real run. */
    private RunResult contract(Backfills backfills, String job, String table, String key, long expected)
            throws Exception {
        return contractWithDryRun(backfills, job, table, key, expected).get(1);
    }

    /** Dry run, real run, real run again; returns the dry run and the real run. */
    private List<RunResult> contractWithDryRun(Backfills backfills, String job, String table, String key, long expected)
            throws Exception {
        String before = contents(db, table, key);
        List<List<String>> sequences = sequences(db);
        String runs = runs(db);

        RunResult dry = backfills.run(job, RunSettings.defaults().dryRun(true), new RunControl());
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(dry.rowsChanged()).as("dry run of " + job).isEqualTo(expected);
        assertThat(dry.samples()).hasSize((int) Math.min(10, expected));
        assertThat(dry.reports()).hasSize(dry.batches());
        assertThat(dry.reports().stream().mapToLong(BatchReport::rowsChanged).sum()).isEqualTo(expected);
        assertThat(contents(db, table, key)).as("table after the dry run").isEqualTo(before);
        assertThat(sequences(db)).as("sequences after the dry run").isEqualTo(sequences);
        assertThat(runs(db)).as("run records after the dry run").isEqualTo(runs);

        RunResult real = backfills.run(job, RunSettings.defaults(), new RunControl());
        assertThat(real.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(real.rowsChanged()).as("real run of " + job).isEqualTo(dry.rowsChanged());
        assertThat(real.rowsScanned()).isEqualTo(dry.rowsScanned());
        assertThat(real.batches()).isEqualTo(dry.batches());
        assertThat(real.total().orElseThrow().rowsChanged()).isEqualTo(expected);

        List<List<String>> sequencesAfter = jobSequences();
        RunResult again = backfills.run(job, RunSettings.defaults(), new RunControl());
        assertThat(again.rowsChanged()).as("second real run of " + job).isZero();
        assertThat(jobSequences()).as("a run with nothing to do draws no sequence values").isEqualTo(sequencesAfter);
        return List.of(dry, real);
    }

    /** The sequences of the tables the jobs work on (not those of Ferry's own run records). */
    private static List<List<String>> jobSequences() throws Exception {
        return sequences(db).stream().filter(s -> !s.get(1).startsWith("ferry_")).toList();
    }

    @Test
    void hashSetsTheSha256OfTheColumnsOnTheRowsThatDiffer() throws Exception {
        Fixtures.templates(db, "hashed", ROWS);
        long expected = Long.parseLong(db.column("SELECT count(*) FROM hashed WHERE content_hash IS DISTINCT FROM "
                + Fixtures.HASH_SQL).get(0));
        assertThat(expected).isEqualTo(ROWS / 2);
        Backfills backfills = Fixtures.backfills(db, dir, job("hashes", "hash", Map.of("table", "hashed", "key", "id",
                "columns", List.of("title", "body"), "target", "content_hash")));

        RunResult dry = contractWithDryRun(backfills, "hashes", "hashed", "id", expected).get(0);

        assertThat(dry.samples()).as("the samples are the first rows to change, in key order")
                .extracting(sample -> sample.key().get("id"))
                .containsExactly("1", "2", "5", "6", "9", "10", "13", "14", "17", "18");
        assertThat(dry.samples().get(0).before()).containsEntry("content_hash", null);
        assertThat(dry.samples().get(1).before()).containsEntry("content_hash", "stale");

        assertThat(db.column("SELECT count(*) FROM hashed WHERE content_hash IS DISTINCT FROM " + Fixtures.HASH_SQL))
                .as("rows whose hash is not the SQL expression's").containsExactly("0");
        // The contract in words: SHA-256 of the UTF-8 bytes of the values joined by U+001F, NULL as empty.
        for (List<String> row : db.query("SELECT title, body, content_hash FROM hashed WHERE id IN (7, 8, 14, 15)")) {
            String joined = row.get(0) + "\u001f" + (row.get(1) == null ? "" : row.get(1));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
            assertThat(row.get(2)).isEqualTo(HexFormat.of().formatHex(digest));
        }
    }

    @Test
    void jsonNormalizeAppliesTheDeclaredRules() throws Exception {
        Fixtures.templates(db, "variants", ROWS);
        long expected = 0;
        for (int i = 1; i <= ROWS; i++) {
            expected += i % 9 <= 4 ? 1 : 0;
        }
        Backfills backfills = Fixtures.backfills(db, dir, job("variants", "json-normalize", Map.of("table", "variants",
                "key", "id", "column", "variants", "default", "[]")));

        RunResult real = contract(backfills, "variants", "variants", "id", expected);

        assertThat(real.rowsChanged()).isEqualTo(expected);
        assertThat(db.query("SELECT id % 9, variants::text FROM variants WHERE id BETWEEN 9 AND 17 ORDER BY id"))
                .containsExactly(
                        List.of("0", "[]"),
                        List.of("1", "[]"),
                        List.of("2", "[{\"lang\": \"en\", \"name\": \"v11\"}]"),
                        List.of("3", "[{\"name\": \"a\"}]"),
                        List.of("4", "[{\"name\": \"b13\"}, \"x\"]"),
                        List.of("5", "[]"),
                        List.of("6", "[{\"name\": \"v15\"}]"),
                        List.of("7", "[{\"name\": \"v16\"}]"),
                        List.of("8", "[{\"name\": \"v17\"}]"));
    }

    @Test
    void jsonNormalizeRunsOnlyTheRulesListed() throws Exception {
        db.execute("DROP TABLE IF EXISTS docs", "CREATE TABLE docs (id int PRIMARY KEY, v jsonb)",
                "INSERT INTO docs VALUES (1, NULL), (2, '{\"A\": 1}'), (3, '[1, 1, {\"B\": 2}]')");
        Backfills backfills = Fixtures.backfills(db, dir, job("dedupe", "json-normalize", Map.of("table", "docs",
                "key", "id", "column", "v", "rules", List.of("dedupe"))));

        RunResult result = backfills.run("dedupe", RunSettings.defaults(), new RunControl());

        assertThat(result.rowsChanged()).isEqualTo(1);
        assertThat(db.column("SELECT coalesce(v::text, 'NULL') FROM docs ORDER BY id"))
                .containsExactly("NULL", "{\"A\": 1}", "[1, {\"B\": 2}]");
    }

    @Test
    void seedInsertsMissingRowsAndUpdatesDifferentOnesWithoutDeleting() throws Exception {
        db.execute("DROP TABLE IF EXISTS seeded",
                "CREATE TABLE seeded (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE,"
                        + " url text, weight int)",
                // In the table: every name but i % 5 = 0; i % 5 = 1 has an old url; one row is not in the file.
                "INSERT INTO seeded (name, url, weight) SELECT 'source ' || i, CASE WHEN i % 5 = 1 THEN 'http://old/'"
                        + " || i ELSE 'https://s/' || i END, i % 3 FROM generate_series(1, " + ROWS + ") AS i"
                        + " WHERE i % 5 <> 0",
                "INSERT INTO seeded (name, url) VALUES ('kept, not in the file', NULL)");
        StringBuilder csv = new StringBuilder("name,url,weight\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append("source ").append(i).append(",https://s/").append(i).append(',').append(i % 3).append('\n');
        }
        Files.writeString(dir.resolve("sources.csv"), csv);
        Backfills backfills = Fixtures.backfills(db, dir, job("sources", "seed", Map.of("table", "seeded", "key", "name",
                "file", "sources.csv")));

        contract(backfills, "sources", "seeded", "name", ROWS * 2L / 5);

        assertThat(db.column("SELECT count(*) FROM seeded")).containsExactly(String.valueOf(ROWS + 1));
        assertThat(db.column("SELECT count(*) FROM seeded WHERE url <> 'https://s/' || substr(name, 8)"))
                .as("rows of the file whose url is not the file's").containsExactly("0");
        assertThat(db.column("SELECT count(*) FROM seeded WHERE name = 'kept, not in the file'")).containsExactly("1");
    }

    @Test
    void seedReadsYamlFiles() throws Exception {
        db.execute("DROP TABLE IF EXISTS kinds", "CREATE TABLE kinds (code text PRIMARY KEY, label text, meta jsonb)",
                "INSERT INTO kinds VALUES ('a', 'Old', NULL)");
        Files.writeString(dir.resolve("kinds.yaml"), "- code: a\n  label: Alpha\n  meta: {rank: 1}\n"
                + "- code: b\n  label: Beta\n  meta: null\n");
        Backfills backfills = Fixtures.backfills(db, dir, job("kinds", "seed", Map.of("table", "kinds", "key", "code",
                "file", "kinds.yaml")));

        RunResult dry = backfills.run("kinds", RunSettings.defaults().dryRun(true), new RunControl());
        assertThat(dry.rowsChanged()).isEqualTo(2);
        assertThat(dry.samples().get(0).key()).isEqualTo(Map.of("code", "a"));
        assertThat(dry.samples().get(0).before()).containsEntry("label", "Old");
        assertThat(dry.samples().get(0).after()).containsEntry("label", "Alpha").containsEntry("meta", "{\"rank\": 1}");
        assertThat(dry.samples().get(1).before()).isEmpty();

        assertThat(backfills.run("kinds", RunSettings.defaults(), new RunControl()).rowsChanged()).isEqualTo(2);
        assertThat(db.query("SELECT code, label, coalesce(meta::text, 'NULL') FROM kinds ORDER BY code"))
                .containsExactly(List.of("a", "Alpha", "{\"rank\": 1}"), List.of("b", "Beta", "NULL"));
    }

    @Test
    void orphanCleanupMovesOldOrphansToTheArchive() throws Exception {
        Fixtures.orphans(db, ROWS);
        String orphans = "parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM parents p WHERE p.id = c.parent_id)"
                + " AND created_at < now() - interval '30 days'";
        long expected = Long.parseLong(db.column("SELECT count(*) FROM children c WHERE " + orphans).get(0));
        assertThat(expected).isPositive();
        String doomed = db.column("SELECT md5(string_agg(c::text, ',' ORDER BY id)) FROM children c WHERE " + orphans)
                .get(0);
        Backfills backfills = Fixtures.backfills(db, dir, job("cleanup", "orphan-cleanup", Map.of("table", "children",
                "key", "id", "column", "parent_id", "parent", "parents", "older-than", "30d", "age-column",
                "created_at", "archive", "children_archive")));

        contract(backfills, "cleanup", "children", "id", expected);

        assertThat(db.column("SELECT count(*) FROM children c WHERE " + orphans)).containsExactly("0");
        assertThat(db.column("SELECT count(*) FROM children c WHERE parent_id IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM parents p WHERE p.id = c.parent_id)")).as("young orphans stay").isNotEqualTo(List.of("0"));
        assertThat(db.column("SELECT md5(string_agg(a::text, ',' ORDER BY id)) FROM children_archive a"))
                .as("the archive holds exactly the deleted rows").containsExactly(doomed);
    }

    @Test
    void orphanCleanupWithoutArchiveDeletes() throws Exception {
        Fixtures.orphans(db, 5_000);
        Backfills backfills = Fixtures.backfills(db, dir, job("cleanup", "orphan-cleanup", Map.of("table", "children",
                "key", "id", "column", "parent_id", "parent", "parents")));

        RunResult result = backfills.run("cleanup", RunSettings.defaults(), new RunControl());

        assertThat(result.rowsChanged()).isEqualTo(500);
        assertThat(db.column("SELECT count(*) FROM children")).containsExactly(String.valueOf(5_000 - result.rowsChanged()));
        assertThat(db.column("SELECT count(*) FROM children_archive")).containsExactly("0");
    }
}
