package io.ferry.backfill;

import static io.ferry.backfill.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.backfill.event.BackfillEvent;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.TestDatabase;
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

/** What goes wrong at the edges: a lost lock, edited seed files, settings that cannot work. */
class EdgeCasesTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private static void invalid(Backfills backfills, String job, String message) {
        assertThatThrownBy(() -> backfills.run(job, RunSettings.defaults(), new RunControl()))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(BackfillErrorCode.INVALID_BACKFILL);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private Backfills one(String name, String type, Map<String, Object> options) {
        return Backfills.configure().dataSource(db.dataSource()).projectDir(dir).job(job(name, type, options)).load();
    }

    @Test
    void aRunWhoseLockSessionIsKilledCommitsNoFurtherBatchAndLeavesTheRunToTheNext() throws Exception {
        db.reset();
        Fixtures.templates(db, "templates", 10_000);
        Map<String, Object> hashes = Map.of("table", "templates", "key", "id", "columns", List.of("title", "body"),
                "target", "content_hash");
        Backfills killing = Backfills.configure().dataSource(db.dataSource()).job(job("hashes", "hash", hashes))
                .listener(e -> {
                    if (e instanceof BackfillEvent.Progress p && p.batch() == 2) {
                        try {
                            db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                                    + " AND application_name = 'ferry' AND state = 'idle' AND backend_type = 'client backend'"
                                    + " AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')");
                            // pg_terminate_backend only sends the signal: wait until the lock is gone.
                            Await.until("the job lock released by the terminated session", () -> db.column(
                                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'").get(0).equals("0"));
                        } catch (Exception ex) {
                            throw new IllegalStateException(ex);
                        }
                    }
                }).load();

        assertThatThrownBy(() -> killing.run("hashes", RunSettings.defaults().batchSize(1000), new RunControl()))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(BackfillErrorCode.BACKFILL_LOCK_LOST));

        assertThat(db.query("SELECT state, batches, cursor::text FROM ferry_backfill_runs"))
                .as("the run is left to the next process, not marked failed")
                .containsExactly(List.of("running", "2", "[\"2000\"]"));
        assertThat(db.column("SELECT count(*) FROM templates WHERE id > 2000 AND content_hash IS DISTINCT FROM "
                + Fixtures.HASH_SQL)).as("batch 3 was rolled back").containsExactly("4000");
        RunResult resumed = one("hashes", "hash", hashes).run("hashes", RunSettings.defaults(), new RunControl());
        assertThat(resumed.total().orElseThrow().rowsChanged()).isEqualTo(5_000);
    }

    /** Connections whose session time zone is not UTC, as a client's in Newfoundland would be. */
    private static javax.sql.DataSource inNewfoundland() {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource() {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                Connection c = super.getConnection();
                try (Statement s = c.createStatement()) {
                    s.execute("SET TimeZone = 'America/St_Johns'");
                }
                return c;
            }
        };
        ds.setURL(db.url());
        ds.setUser(db.user());
        if (db.password() != null) {
            ds.setPassword(db.password());
        }
        return ds;
    }

    @Test
    void hashesDoNotDependOnTheSessionTimeZone() throws Exception {
        db.execute("DROP TABLE IF EXISTS events",
                "CREATE TABLE events (id int PRIMARY KEY, at timestamptz, h text)",
                "INSERT INTO events SELECT i, '2026-01-01 12:00+00'::timestamptz + i * interval '1 hour', NULL"
                        + " FROM generate_series(1, 100) i");
        try (Connection c = inNewfoundland().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT current_setting('TimeZone')")) {
            rs.next();
            assertThat(rs.getString(1)).as("the client's own time zone").isEqualTo("America/St_Johns");
        }
        Backfills.configure().dataSource(inNewfoundland()).job(job("h", "hash", Map.of("table", "events", "key", "id",
                "columns", "at", "target", "h"))).load().run("h", RunSettings.defaults(), new RunControl());
        String differs = "SELECT count(*) FROM events WHERE h IS DISTINCT FROM encode(sha256(convert_to("
                + "coalesce(at::text, ''), 'UTF8')), 'hex')";
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            try (var rs = s.executeQuery(differs)) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void seedFilesAreCheckedAgainstTheColumnTypes() throws Exception {
        db.execute("DROP TABLE IF EXISTS things, labels", "CREATE TABLE things (ref uuid PRIMARY KEY, weight int)");
        Files.writeString(dir.resolve("dupes.csv"), "ref,weight\n"
                + "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,1\nA0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11,2\n");
        Files.writeString(dir.resolve("bad.csv"), "ref,weight\na0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,heavy\n");
        Files.writeString(dir.resolve("ragged.yaml"), "- {ref: a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11, weight: 1}\n"
                + "- {ref: b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}\n");

        invalid(one("s", "seed", Map.of("table", "things", "key", "ref", "file", "dupes.csv")), "s",
                "rows 1 and 2 have the same key [ref]");
        invalid(one("s", "seed", Map.of("table", "things", "key", "ref", "file", "bad.csv")), "s",
                "invalid input syntax for type integer");
        invalid(one("s", "seed", Map.of("table", "things", "key", "ref", "file", "ragged.yaml")), "s",
                "row 2 has no 'weight'");
        db.execute("CREATE TABLE labels (code varchar(4) PRIMARY KEY, label varchar(5))");
        Files.writeString(dir.resolve("labels.csv"), "code,label\nab,short\ncd,longer\n");
        invalid(one("s", "seed", Map.of("table", "labels", "key", "code", "file", "labels.csv")), "s",
                "row 2: the value of 'label' does not fit character varying(5)");
        assertThat(db.column("SELECT count(*) FROM labels")).containsExactly("0");
        assertThat(db.column("SELECT count(*) FROM things")).containsExactly("0");
    }

    @Test
    void anEditedSeedFileDoesNotResumeAnotherFilesCheckpoint() throws Exception {
        db.execute("DROP TABLE IF EXISTS ferry_backfill_batches, ferry_backfill_runs, kinds",
                "CREATE TABLE kinds (code text PRIMARY KEY, label text)");
        StringBuilder csv = new StringBuilder("code,label\n");
        for (int i = 0; i < 100; i++) {
            csv.append("k").append(i).append(",Kind ").append(i).append('\n');
        }
        Files.writeString(dir.resolve("kinds.csv"), csv);
        Backfills seed = one("kinds", "seed", Map.of("table", "kinds", "key", "code", "file", "kinds.csv"));
        seed.run("kinds", RunSettings.defaults().batchSize(10).maxRows(30), new RunControl());
        Files.writeString(dir.resolve("kinds.csv"), csv.toString().replace("code,label\n", "code,label\nnew,New\n"));

        assertThatThrownBy(() -> seed.run("kinds", RunSettings.defaults(), new RunControl()))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(BackfillErrorCode.BACKFILL_DEFINITION_CHANGED));
        RunResult restarted = seed.run("kinds", RunSettings.defaults().restart(true), new RunControl());
        assertThat(restarted.rowsChanged()).isEqualTo(71);
    }

    @Test
    void settingsThatCannotWorkAreRefusedUpFront() throws Exception {
        db.execute("DROP TABLE IF EXISTS tree, short_hash, desc_key",
                "CREATE TABLE tree (id int PRIMARY KEY, parent_id int)",
                "CREATE TABLE short_hash (id int PRIMARY KEY, a text, h varchar(32))",
                "CREATE TABLE desc_key (id int NOT NULL, a text, h text)",
                "CREATE UNIQUE INDEX desc_key_id ON desc_key (id DESC)");
        invalid(one("t", "orphan-cleanup", Map.of("table", "tree", "key", "id", "column", "parent_id", "parent", "tree")),
                "t", "parent is the table itself");
        invalid(one("h", "hash", Map.of("table", "short_hash", "key", "id", "columns", "a", "target", "h")), "h",
                "character varying(32), which cannot hold a hex SHA-256");
        invalid(one("d", "hash", Map.of("table", "desc_key", "key", "id", "columns", "a", "target", "h")), "d",
                "does not keep the keys in their plain ascending order");
        invalid(one("z", "hash", Map.of("table", "desc_key", "key", "id", "columns", "a", "target", "h",
                "lock-timeout", "0")), "z", "lock-timeout must be from 1ms");
        invalid(one("b", "hash", Map.of("table", "desc_key", "key", "id", "columns", "a", "target", "h",
                "batch-size", "200000")), "b", "batch-size must be 1 to 100000");
        invalid(one("o", "orphan-cleanup", Map.of("table", "short_hash", "key", "id", "column", "id", "parent", "tree",
                "older-than", "30", "age-column", "a")), "o", "older-than needs a unit");
        assertThatThrownBy(() -> RunSettings.defaults().statementTimeout(Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonNormalizeWithoutADefaultRunsTheOtherRules() throws Exception {
        db.execute("DROP TABLE IF EXISTS docs", "CREATE TABLE docs (id int PRIMARY KEY, v jsonb)",
                "INSERT INTO docs VALUES (1, NULL), (2, '{\"A\": 1}')");
        RunResult r = one("n", "json-normalize", Map.of("table", "docs", "key", "id", "column", "v"))
                .run("n", RunSettings.defaults(), new RunControl());
        assertThat(r.rowsChanged()).isEqualTo(1);
        assertThat(db.column("SELECT coalesce(v::text, 'NULL') FROM docs ORDER BY id"))
                .containsExactly("NULL", "[{\"a\": 1}]");
    }
}
