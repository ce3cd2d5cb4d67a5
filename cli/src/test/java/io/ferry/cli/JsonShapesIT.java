package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@code --json} document of every command that prints one, and of its error, byte for byte: key order, nulls
 * and absent keys are what scripts depend on. Values that differ from run to run (durations, times,
 * process ids, ports, the temporary folder) are masked before the comparison; nothing else is.
 *
 * <p>Three documents had no fixed key order until their records (io.ferry.cli.json) gave them one, because
 * they were built with {@code Map.of}, whose order changes from one JVM to the next: a dry run's steps, a
 * running backfill's {@code runningIn}, and {@code db stop}'s. Their order is now the one docs/cli.md
 * gives, or the order the code listed the keys in.
 */
class JsonShapesIT {

    /** Keys whose values change from run to run: their value (never a null) becomes "~". */
    private static final Pattern VARYING = Pattern.compile("\"(durationMs|startedAt|updatedAt|endedAt|since|at"
            + "|installedOn|pid|port|url|startedBy|user|applicationName|clientAddress|rowsPerSecond)\":"
            + "(-?\\d+|\"(?:[^\"\\\\]|\\\\.)*\")");

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path cwd;

    private Cli cli;
    private final SoftAssertions softly = new SoftAssertions();

    @BeforeEach
    void reset() throws Exception {
        db.reset();
        cli = Cli.against(db, cwd);
    }

    @AfterEach
    void report() {
        softly.assertAll();
    }

    private String run(int exit, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        return r.out();
    }

    /** The document with its varying values masked and the test's folder written $CWD. */
    private String masked(String out) throws Exception {
        assertThat(out).as("one document on one line").endsWith("\n").doesNotContain("\r");
        assertThat(out.strip()).doesNotContain("\n");
        String text = out.strip();
        for (Path folder : List.of(cwd.toRealPath(), cwd.toAbsolutePath())) {
            text = text.replace(folder.toString(), "$CWD");
        }
        Matcher m = VARYING.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement("\"" + r.group(1) + "\":\"~\""));
    }

    private void same(String out, String expected) throws Exception {
        softly.assertThat(masked(out)).isEqualTo(expected);
    }

    /** a1 - a2, then b1 (billing, depending on c1) and c1 (catalog) from a2. */
    private Project nativeProject() {
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("a1a1a1a1a1a1", "base", "CREATE TABLE a (id int);", "DROP TABLE a;");
        p.revision("a2a2a2a2a2a2", "a1a1a1a1a1a1", "-- ferry:transactional false\n", "CREATE TABLE b (id int);", null);
        p.revision("b1b1b1b1b1b1", "a2a2a2a2a2a2", "-- ferry:branch-labels billing\n-- ferry:depends-on c1c1c1c1c1c1\n",
                "SELECT 1;", "SELECT 1;");
        p.revision("c1c1c1c1c1c1", "a2a2a2a2a2a2", "-- ferry:branch-labels catalog\n", "SELECT 1;", "SELECT 1;");
        return p;
    }

    @Test
    void theFileCommands() throws Exception {
        nativeProject();
        same(run(0, "heads", "--json"), "{\"heads\":[\"c1c1c1c1c1c1\",\"b1b1b1b1b1b1\"]}");
        same(run(0, "heads", "--json", "--resolve-dependencies"), "{\"heads\":[\"b1b1b1b1b1b1\"]}");
        same(run(0, "branches", "--json"), "{\"branchPoints\":[{\"id\":\"a2a2a2a2a2a2\",\"children\":[\"b1b1b1b1b1b1\","
                + "\"c1c1c1c1c1c1\"]}]}");
        same(run(0, "show", "billing@head", "--json"), "{\"id\":\"b1b1b1b1b1b1\",\"parents\":[\"a2a2a2a2a2a2\"],"
                + "\"message\":\"b1b1b1b1b1b1\",\"children\":[],\"dependsOn\":[\"c1c1c1c1c1c1\"],"
                + "\"branchLabels\":[\"billing\"],\"file\":\"migrations/003_b1b1b1b1b1b1.sql\",\"transactional\":true,"
                + "\"reversible\":true,"
                + "\"checksum\":\"05863d395bd0aa60799112efe36f42bb502d5b940d8cd4d14ff48bfe6f1c3c97\"}");
        same(run(0, "show", "a2a2", "--json"), "{\"id\":\"a2a2a2a2a2a2\",\"parents\":[\"a1a1a1a1a1a1\"],"
                + "\"message\":\"a2a2a2a2a2a2\",\"children\":[\"b1b1b1b1b1b1\",\"c1c1c1c1c1c1\"],\"dependsOn\":[],"
                + "\"branchLabels\":[],\"file\":\"migrations/002_a2a2a2a2a2a2.sql\",\"transactional\":false,"
                + "\"reversible\":false,"
                + "\"checksum\":\"a3691787d226c676a503e498eb565011f3a1d6d93c7a1bad09d8363cce485c6c\"}");

        same(run(0, "lint", "--json", "--all"), "{\"ok\":true,\"findings\":[],\"summary\":{\"errors\":0,"
                + "\"warnings\":0,\"suppressed\":0,\"revisions\":4}}");
    }

    /** In check and status: a head no file defines, beside a known one, that the history cannot place. */
    private static final String UNPLACED = "\"unknownRevisions\":{\"placement\":\"unplaced\","
            + "\"heads\":[\"zz0000000000\"],\"undefined\":[\"zz0000000000\",\"gone00000000\"],\"appliedOnTopOf\":[],"
            + "\"filesContinueWith\":[],\"message\":\"the database is at zz0000000000, which no migration file defines"
            + " (nor gone00000000, applied before it), and its history does not show which of the files' revisions it"
            + " follows\",\"hint\":\"check that --dir points at this database's migrations, at a version that defines"
            + " zz0000000000; if zz0000000000 was removed on purpose, undo its changes by hand, then record where the"
            + " database is with: ferry stamp --purge b1b1b1b1b1b1\"}";

    /** A failed command run with --json: its error, and nothing else, on stdout; a usage error too. */
    @Test
    void errors() throws Exception {
        nativeProject();
        same(run(2, "show", "ffff", "--json"), "{\"error\":{\"code\":\"unknown-revision\","
                + "\"message\":\"no revision 'ffff' in the migrations\","
                + "\"hint\":\"list the revisions with: ferry history\","
                + "\"runbook\":\"docs/runbooks/targets.md#unknown-revision\",\"sqlstate\":null,\"exitCode\":2}}");
        same(run(2, "heads", "--json", "--frobnicate"), "{\"error\":{\"code\":\"invalid-usage\","
                + "\"message\":\"Unknown option: '--frobnicate'\",\"hint\":\"see 'ferry heads --help'\","
                + "\"runbook\":\"docs/runbooks/command-line.md#invalid-usage\",\"sqlstate\":null,\"exitCode\":2}}");
    }

    @Test
    void theRevisionCommandsOnADatabase() throws Exception {
        Project p = nativeProject();
        same(run(0, "current", "--json"), "{\"heads\":[]}");
        same(run(1, "check", "--json"), "{\"upToDate\":false,\"current\":[],\"heads\":[\"c1c1c1c1c1c1\","
                + "\"b1b1b1b1b1b1\"],\"pending\":[\"a1a1a1a1a1a1\",\"a2a2a2a2a2a2\",\"c1c1c1c1c1c1\",\"b1b1b1b1b1b1\"],"
                + "\"unknown\":[],\"unknownRevisions\":null}");
        same(run(0, "status", "--json"), "{\"initialised\":false,\"current\":[],\"heads\":[\"c1c1c1c1c1c1\","
                + "\"b1b1b1b1b1b1\"],\"pending\":[\"a1a1a1a1a1a1\",\"a2a2a2a2a2a2\",\"c1c1c1c1c1c1\",\"b1b1b1b1b1b1\"],"
                + "\"unknown\":[],\"unknownRevisions\":null,\"upToDate\":false,\"lastFailure\":null,\"lock\":null}");
        same(run(0, "validate", "--json"), "{\"valid\":true,\"mismatches\":[],\"missing\":[]}");
        same(run(0, "upgrade", "+1", "--json"), "{\"direction\":\"upgrade\",\"target\":\"+1\",\"headsBefore\":[],"
                + "\"headsAfter\":[\"a1a1a1a1a1a1\"],\"revisions\":[{\"id\":\"a1a1a1a1a1a1\",\"durationMs\":\"~\","
                + "\"attempts\":1}],\"durationMs\":\"~\"}");
        same(run(0, "history", "--json"), "{\"revisions\":[{\"id\":\"b1b1b1b1b1b1\",\"parents\":[\"a2a2a2a2a2a2\"],"
                + "\"message\":\"b1b1b1b1b1b1\",\"applied\":false},{\"id\":\"c1c1c1c1c1c1\","
                + "\"parents\":[\"a2a2a2a2a2a2\"],\"message\":\"c1c1c1c1c1c1\",\"applied\":false},"
                + "{\"id\":\"a2a2a2a2a2a2\",\"parents\":[\"a1a1a1a1a1a1\"],\"message\":\"a2a2a2a2a2a2\","
                + "\"applied\":false},{\"id\":\"a1a1a1a1a1a1\",\"parents\":[],\"message\":\"a1a1a1a1a1a1\","
                + "\"applied\":true}]}");
        same(run(0, "history", "--json", "--verbose"), "{\"revisions\":[{\"id\":\"b1b1b1b1b1b1\","
                + "\"parents\":[\"a2a2a2a2a2a2\"],\"message\":\"b1b1b1b1b1b1\",\"applied\":false,\"children\":[],"
                + "\"dependsOn\":[\"c1c1c1c1c1c1\"],\"branchLabels\":[\"billing\"],"
                + "\"file\":\"migrations/003_b1b1b1b1b1b1.sql\",\"transactional\":true,\"reversible\":true,"
                + "\"checksum\":\"05863d395bd0aa60799112efe36f42bb502d5b940d8cd4d14ff48bfe6f1c3c97\"},"
                + "{\"id\":\"c1c1c1c1c1c1\",\"parents\":[\"a2a2a2a2a2a2\"],\"message\":\"c1c1c1c1c1c1\","
                + "\"applied\":false,\"children\":[],\"dependsOn\":[],\"branchLabels\":[\"catalog\"],"
                + "\"file\":\"migrations/004_c1c1c1c1c1c1.sql\",\"transactional\":true,\"reversible\":true,"
                + "\"checksum\":\"78dcefc46c2b23c8e86765a6ffd5596b71b15736597a2031995d09a52f9f6e52\"},"
                + "{\"id\":\"a2a2a2a2a2a2\",\"parents\":[\"a1a1a1a1a1a1\"],\"message\":\"a2a2a2a2a2a2\","
                + "\"applied\":false,\"children\":[\"b1b1b1b1b1b1\",\"c1c1c1c1c1c1\"],\"dependsOn\":[],"
                + "\"branchLabels\":[],\"file\":\"migrations/002_a2a2a2a2a2a2.sql\",\"transactional\":false,"
                + "\"reversible\":false,"
                + "\"checksum\":\"a3691787d226c676a503e498eb565011f3a1d6d93c7a1bad09d8363cce485c6c\"},"
                + "{\"id\":\"a1a1a1a1a1a1\",\"parents\":[],\"message\":\"a1a1a1a1a1a1\",\"applied\":true,"
                + "\"children\":[\"a2a2a2a2a2a2\"],\"dependsOn\":[],\"branchLabels\":[],"
                + "\"file\":\"migrations/001_a1a1a1a1a1a1.sql\",\"transactional\":true,\"reversible\":true,"
                + "\"checksum\":\"8c8f7ee4f122b40aa3fff250f79cc02d71fbc7dc55ea41a5be2ef5c17d7aa55c\"}]}");
        same(run(0, "stamp", "a2a2", "--json"), "{\"headsBefore\":[\"a1a1a1a1a1a1\"],\"headsAfter\":[\"a2a2a2a2a2a2\"]}");
        same(run(0, "upgrade", "heads", "--json"), "{\"direction\":\"upgrade\",\"target\":\"heads\","
                + "\"headsBefore\":[\"a2a2a2a2a2a2\"],\"headsAfter\":[\"b1b1b1b1b1b1\"],"
                + "\"revisions\":[{\"id\":\"c1c1c1c1c1c1\",\"durationMs\":\"~\",\"attempts\":1},"
                + "{\"id\":\"b1b1b1b1b1b1\",\"durationMs\":\"~\",\"attempts\":1}],\"durationMs\":\"~\"}");
        same(run(0, "upgrade", "heads", "--json"), "{\"direction\":\"upgrade\",\"target\":\"heads\","
                + "\"headsBefore\":[\"b1b1b1b1b1b1\"],\"headsAfter\":[\"b1b1b1b1b1b1\"],\"revisions\":[],"
                + "\"durationMs\":\"~\"}");
        same(run(0, "current", "--json"), "{\"heads\":[\"b1b1b1b1b1b1\"]}");
        same(run(0, "check", "--json"), "{\"upToDate\":true,\"current\":[\"b1b1b1b1b1b1\"],\"heads\":[\"c1c1c1c1c1c1\","
                + "\"b1b1b1b1b1b1\"],\"pending\":[],\"unknown\":[],\"unknownRevisions\":null}");
        same(run(0, "downgrade", "a2a2a2a2a2a2", "--json"), "{\"direction\":\"downgrade\",\"target\":\"a2a2a2a2a2a2\","
                + "\"headsBefore\":[\"b1b1b1b1b1b1\"],\"headsAfter\":[\"a2a2a2a2a2a2\"],"
                + "\"revisions\":[{\"id\":\"b1b1b1b1b1b1\",\"durationMs\":\"~\",\"attempts\":1},"
                + "{\"id\":\"c1c1c1c1c1c1\",\"durationMs\":\"~\",\"attempts\":1}],\"durationMs\":\"~\"}");
        same(run(0, "stamp", "base", "--json"), "{\"headsBefore\":[\"a2a2a2a2a2a2\"],\"headsAfter\":[]}");
        same(run(0, "stamp", "heads", "--json"), "{\"headsBefore\":[],\"headsAfter\":[\"b1b1b1b1b1b1\"]}");

        // An edited file, a revision no file defines, and a failed revision.
        Path first = cwd.resolve("migrations/001_a1a1a1a1a1a1.sql");
        Files.writeString(first, Files.readString(first).replace("(id int)", "(id bigint)"));
        db.execute("INSERT INTO ferry_history (revision, action, checksum, started_at, duration_ms, success)"
                + " VALUES ('gone00000000', 'upgrade', 'x', now(), 1, true)");
        same(run(1, "validate", "--json"), "{\"valid\":false,\"mismatches\":[{\"revision\":\"a1a1a1a1a1a1\","
                + "\"origin\":\"migrations/001_a1a1a1a1a1a1.sql\","
                + "\"recorded\":\"8c8f7ee4f122b40aa3fff250f79cc02d71fbc7dc55ea41a5be2ef5c17d7aa55c\","
                + "\"current\":\"073a2b8741045d12fcb4714bf985cb776eb9bdb2b4806fe13ad8161c8ca5ee54\"}],"
                + "\"missing\":[\"gone00000000\"]}");
        Files.writeString(first, Files.readString(first).replace("(id bigint)", "(id int)"));
        p.revision("d1d1d1d1d1d1", "b1b1b1b1b1b1 c1c1c1c1c1c1", "SELECT 1/0;", null);
        same(run(1, "upgrade", "--json"), "{\"error\":{\"code\":\"migration-failed\","
                + "\"message\":\"upgrade of d1d1d1d1d1d1 failed at migrations/005_d1d1d1d1d1d1.sql:5: division by zero"
                + " [SQLSTATE 22012]\",\"hint\":\"nothing of this revision was applied: it ran in one transaction,"
                + " which was rolled back; correct the revision's SQL where the message points (or what it relies on), then"
                + " run the command again\","
                + "\"runbook\":\"docs/runbooks/running.md#migration-failed\",\"sqlstate\":\"22012\",\"exitCode\":1}}");
        db.execute("INSERT INTO ferry_version VALUES ('zz0000000000')");
        same(run(1, "check", "--json"), "{\"upToDate\":false,\"current\":[\"b1b1b1b1b1b1\",\"zz0000000000\"],"
                + "\"heads\":[\"d1d1d1d1d1d1\"],\"pending\":[\"d1d1d1d1d1d1\"],\"unknown\":[\"zz0000000000\"],"
                + UNPLACED + "}");
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + MigrationLock.key("public") + ")");
            same(run(0, "status", "--json"), "{\"initialised\":true,\"current\":[\"b1b1b1b1b1b1\",\"zz0000000000\"],"
                    + "\"heads\":[\"d1d1d1d1d1d1\"],\"pending\":[\"d1d1d1d1d1d1\"],\"unknown\":[\"zz0000000000\"],"
                    + UNPLACED + ",\"upToDate\":false,\"lastFailure\":{\"revision\":\"d1d1d1d1d1d1\",\"action\":\"upgrade\","
                    + "\"at\":\"~\",\"error\":\"division by zero [SQLSTATE 22012]\"},\"lock\":{\"pid\":\"~\","
                    + "\"applicationName\":\"~\",\"user\":\"~\",\"clientAddress\":\"~\",\"since\":\"~\","
                    + "\"state\":\"idle\"}}");
        }
    }

    @Test
    void flywaysCommands() throws Exception {
        Path dir = Files.createDirectories(cwd.resolve("db/migration"));
        Files.writeString(dir.resolve("V1__people.sql"), "CREATE TABLE people (id int);\n");
        Files.writeString(dir.resolve("V1_1__email.sql"), "ALTER TABLE people ADD COLUMN email text;\n");
        Files.writeString(dir.resolve("U1_1__email.sql"), "ALTER TABLE people DROP COLUMN email;\n");
        Files.writeString(dir.resolve("R__names.sql"), "CREATE OR REPLACE VIEW ids AS SELECT id FROM people;\n");
        Files.writeString(cwd.resolve("ferry.yaml"), "format: flyway\ndirs: [db/migration]\n");
        same(run(0, "info", "--json"), "{\"migrations\":[{\"version\":\"1\",\"description\":\"people\",\"type\":\"SQL\","
                + "\"checksum\":1807802951,\"state\":\"Pending\",\"installedOn\":null},{\"version\":\"1.1\","
                + "\"description\":\"email\",\"type\":\"SQL\",\"checksum\":1243298818,\"state\":\"Pending\","
                + "\"installedOn\":null},{\"version\":null,\"description\":\"names\",\"type\":\"SQL\","
                + "\"checksum\":-111112383,\"state\":\"Pending\",\"installedOn\":null}]}");
        same(run(0, "migrate", "--dry-run", "--json"), "{\"steps\":[{\"id\":\"1\",\"direction\":\"upgrade\","
                + "\"file\":\"db/migration/V1__people.sql\"},{\"id\":\"1_1\",\"direction\":\"upgrade\","
                + "\"file\":\"db/migration/V1_1__email.sql\"},{\"id\":\"R__names\",\"direction\":\"upgrade\","
                + "\"file\":\"db/migration/R__names.sql\"}],\"dataLoss\":[]}");
        same(run(0, "migrate", "--target", "1", "--json"), "{\"direction\":\"upgrade\",\"target\":\"1\","
                + "\"headsBefore\":[],\"headsAfter\":[\"1\"],\"revisions\":[{\"id\":\"1\",\"durationMs\":\"~\","
                + "\"attempts\":1}],\"durationMs\":\"~\"}");
        same(run(0, "migrate", "--json"), "{\"direction\":\"upgrade\",\"target\":\"heads\",\"headsBefore\":[\"1\"],"
                + "\"headsAfter\":[\"1_1\"],\"revisions\":[{\"id\":\"1_1\",\"durationMs\":\"~\",\"attempts\":1},"
                + "{\"id\":\"R__names\",\"durationMs\":\"~\",\"attempts\":1}],\"durationMs\":\"~\"}");
        same(run(0, "info", "--json"), "{\"migrations\":[{\"version\":\"1\",\"description\":\"people\",\"type\":\"SQL\","
                + "\"checksum\":1807802951,\"state\":\"Success\",\"installedOn\":\"~\"},{\"version\":\"1.1\","
                + "\"description\":\"email\",\"type\":\"SQL\",\"checksum\":1243298818,\"state\":\"Success\","
                + "\"installedOn\":\"~\"},{\"version\":null,\"description\":\"names\",\"type\":\"SQL\","
                + "\"checksum\":-111112383,\"state\":\"Success\",\"installedOn\":\"~\"}]}");
        same(run(0, "undo", "--dry-run", "--json"), "{\"steps\":[{\"id\":\"1_1\",\"direction\":\"downgrade\","
                + "\"file\":\"db/migration/V1_1__email.sql\"}],\"dataLoss\":[{\"revision\":\"1_1\","
                + "\"file\":\"db/migration/V1_1__email.sql\",\"line\":1,\"kind\":\"column\","
                + "\"object\":\"people.email\",\"count\":0,\"estimated\":false,\"losesData\":false,"
                + "\"note\":null}]}");
        same(run(0, "undo", "--json"), "{\"direction\":\"downgrade\",\"target\":\"-1\",\"headsBefore\":[\"1_1\"],"
                + "\"headsAfter\":[\"1\"],\"revisions\":[{\"id\":\"1_1\",\"durationMs\":\"~\",\"attempts\":1}],"
                + "\"durationMs\":\"~\"}");
    }

    @Test
    void theBackfillCommands() throws Exception {
        Files.writeString(cwd.resolve("ferry.yaml"), """
                backfills:
                  hashes:
                    type: hash
                    description: content hashes of the templates
                    table: templates
                    key: id
                    columns: [title, body]
                    target: content_hash
                    batch-size: 3
                  tidy:
                    type: orphan-cleanup
                    table: templates
                    key: id
                    column: owner_id
                    parent: owners
                """);
        db.execute("CREATE TABLE owners (id int PRIMARY KEY)", "INSERT INTO owners VALUES (1)",
                "CREATE TABLE templates (id bigint PRIMARY KEY, owner_id int, title text NOT NULL, body text,"
                        + " content_hash text)",
                "INSERT INTO templates SELECT i, CASE WHEN i % 3 = 0 THEN 2 ELSE 1 END, 'title ' || i,"
                        + " CASE WHEN i % 4 = 0 THEN NULL ELSE 'body ' || i END, NULL FROM generate_series(1, 8) AS i");
        same(run(0, "backfill", "list", "--json"), "[{\"job\":\"hashes\",\"type\":\"hash\",\"table\":\"templates\","
                + "\"description\":\"content hashes of the templates\",\"settings\":{\"table\":\"templates\","
                + "\"key\":\"id\",\"columns\":[\"title\",\"body\"],\"target\":\"content_hash\",\"batch-size\":3}},"
                + "{\"job\":\"tidy\",\"type\":\"orphan-cleanup\",\"table\":\"templates\",\"description\":null,"
                + "\"settings\":{\"table\":\"templates\",\"key\":\"id\",\"column\":\"owner_id\","
                + "\"parent\":\"owners\"}}]");
        same(run(0, "backfill", "status", "--json"), "[{\"job\":\"hashes\",\"type\":\"hash\",\"running\":false,"
                + "\"runningIn\":null,\"lastRun\":null},{\"job\":\"tidy\",\"type\":\"orphan-cleanup\","
                + "\"running\":false,\"runningIn\":null,\"lastRun\":null}]");
        same(run(0, "backfill", "run", "hashes", "--dry-run", "--json", "--samples", "2"), "{\"job\":\"hashes\","
                + "\"dryRun\":true,\"rowsScanned\":8,\"rowsChanged\":8,\"batches\":3,\"durationMs\":\"~\","
                + "\"state\":\"succeeded\",\"runId\":null,\"resumedFrom\":null,\"batchDetails\":[{\"batch\":1,"
                + "\"after\":null,\"upTo\":[\"3\"],\"rowsScanned\":3,\"rowsChanged\":3,\"durationMs\":\"~\"},"
                + "{\"batch\":2,\"after\":[\"3\"],\"upTo\":[\"6\"],\"rowsScanned\":3,\"rowsChanged\":3,"
                + "\"durationMs\":\"~\"},{\"batch\":3,\"after\":[\"6\"],\"upTo\":[\"8\"],\"rowsScanned\":2,"
                + "\"rowsChanged\":2,\"durationMs\":\"~\"}],\"samples\":[{\"action\":\"update\",\"key\":{\"id\":\"1\"},"
                + "\"before\":{\"content_hash\":null},"
                + "\"after\":{\"content_hash\":\"504fdd4d50b1198d4a70ea564b165a0d81e6369c3c20020184df313422dac29e\"}},"
                + "{\"action\":\"update\",\"key\":{\"id\":\"2\"},\"before\":{\"content_hash\":null},"
                + "\"after\":{\"content_hash\":\"13a0bc6f17267052fc3d2cbc9b9bdd473c979dccdfb5e3cfd0740b2d2a551572\"}}]}");
        same(run(0, "backfill", "run", "all", "--dry-run", "--json", "--samples", "1"), "[{\"job\":\"hashes\","
                + "\"dryRun\":true,\"rowsScanned\":8,\"rowsChanged\":8,\"batches\":3,\"durationMs\":\"~\","
                + "\"state\":\"succeeded\",\"runId\":null,\"resumedFrom\":null,\"batchDetails\":[{\"batch\":1,"
                + "\"after\":null,\"upTo\":[\"3\"],\"rowsScanned\":3,\"rowsChanged\":3,\"durationMs\":\"~\"},"
                + "{\"batch\":2,\"after\":[\"3\"],\"upTo\":[\"6\"],\"rowsScanned\":3,\"rowsChanged\":3,"
                + "\"durationMs\":\"~\"},{\"batch\":3,\"after\":[\"6\"],\"upTo\":[\"8\"],\"rowsScanned\":2,"
                + "\"rowsChanged\":2,\"durationMs\":\"~\"}],\"samples\":[{\"action\":\"update\",\"key\":{\"id\":\"1\"},"
                + "\"before\":{\"content_hash\":null},"
                + "\"after\":{\"content_hash\":\"504fdd4d50b1198d4a70ea564b165a0d81e6369c3c20020184df313422dac29e\"}}]},"
                + "{\"job\":\"tidy\",\"dryRun\":true,\"rowsScanned\":8,\"rowsChanged\":2,\"batches\":1,"
                + "\"durationMs\":\"~\",\"state\":\"succeeded\",\"runId\":null,\"resumedFrom\":null,"
                + "\"batchDetails\":[{\"batch\":1,\"after\":null,\"upTo\":[\"8\"],\"rowsScanned\":8,\"rowsChanged\":2,"
                + "\"durationMs\":\"~\"}],\"samples\":[{\"action\":\"delete\",\"key\":{\"id\":\"3\"},"
                + "\"before\":{\"owner_id\":\"2\"},\"after\":{}}]}]");
        same(run(0, "backfill", "run", "hashes", "--json", "--max-rows", "4"), "{\"job\":\"hashes\",\"dryRun\":false,"
                + "\"rowsScanned\":4,\"rowsChanged\":4,\"batches\":2,\"durationMs\":\"~\",\"state\":\"paused\","
                + "\"runId\":1,\"resumedFrom\":null,\"total\":{\"rowsScanned\":4,\"rowsChanged\":4,\"batches\":2,"
                + "\"attempts\":1,\"cursor\":[\"4\"]}}");
        same(run(0, "backfill", "status", "--json"), "[{\"job\":\"hashes\",\"type\":\"hash\",\"running\":false,"
                + "\"runningIn\":null,\"lastRun\":{\"runId\":1,\"state\":\"paused\",\"rowsScanned\":4,"
                + "\"rowsChanged\":4,\"batches\":2,\"attempts\":1,\"cursor\":[\"4\"],\"startedBy\":\"~\","
                + "\"startedAt\":\"~\",\"updatedAt\":\"~\",\"endedAt\":null,\"error\":null,\"rowsPerSecond\":\"~\","
                + "\"recentBatches\":[{\"batch\":2,\"after\":[\"3\"],\"upTo\":[\"4\"],\"rowsScanned\":1,"
                + "\"rowsChanged\":1,\"durationMs\":\"~\"},{\"batch\":1,\"after\":null,\"upTo\":[\"3\"],"
                + "\"rowsScanned\":3,\"rowsChanged\":3,\"durationMs\":\"~\"}]}},{\"job\":\"tidy\","
                + "\"type\":\"orphan-cleanup\",\"running\":false,\"runningIn\":null,\"lastRun\":null}]");
        same(run(0, "backfill", "run", "hashes", "--json"), "{\"job\":\"hashes\",\"dryRun\":false,\"rowsScanned\":4,"
                + "\"rowsChanged\":4,\"batches\":2,\"durationMs\":\"~\",\"state\":\"succeeded\",\"runId\":1,"
                + "\"resumedFrom\":[\"4\"],\"total\":{\"rowsScanned\":8,\"rowsChanged\":8,\"batches\":4,\"attempts\":2,"
                + "\"cursor\":[\"8\"]}}");
        same(run(0, "backfill", "run", "all", "--json"), "[{\"job\":\"hashes\",\"dryRun\":false,\"rowsScanned\":8,"
                + "\"rowsChanged\":0,\"batches\":3,\"durationMs\":\"~\",\"state\":\"succeeded\",\"runId\":2,"
                + "\"resumedFrom\":null,\"total\":{\"rowsScanned\":8,\"rowsChanged\":0,\"batches\":3,\"attempts\":1,"
                + "\"cursor\":[\"8\"]}},{\"job\":\"tidy\",\"dryRun\":false,\"rowsScanned\":8,\"rowsChanged\":2,"
                + "\"batches\":1,\"durationMs\":\"~\",\"state\":\"succeeded\",\"runId\":3,\"resumedFrom\":null,"
                + "\"total\":{\"rowsScanned\":8,\"rowsChanged\":2,\"batches\":1,\"attempts\":1,\"cursor\":[\"8\"]}}]");
        same(run(0, "backfill", "status", "--json"), "[{\"job\":\"hashes\",\"type\":\"hash\",\"running\":false,"
                + "\"runningIn\":null,\"lastRun\":{\"runId\":2,\"state\":\"succeeded\",\"rowsScanned\":8,"
                + "\"rowsChanged\":0,\"batches\":3,\"attempts\":1,\"cursor\":[\"8\"],\"startedBy\":\"~\","
                + "\"startedAt\":\"~\",\"updatedAt\":\"~\",\"endedAt\":\"~\",\"error\":null,\"rowsPerSecond\":\"~\","
                + "\"recentBatches\":[{\"batch\":3,\"after\":[\"6\"],\"upTo\":[\"8\"],\"rowsScanned\":2,"
                + "\"rowsChanged\":0,\"durationMs\":\"~\"},{\"batch\":2,\"after\":[\"3\"],\"upTo\":[\"6\"],"
                + "\"rowsScanned\":3,\"rowsChanged\":0,\"durationMs\":\"~\"},{\"batch\":1,\"after\":null,"
                + "\"upTo\":[\"3\"],\"rowsScanned\":3,\"rowsChanged\":0,\"durationMs\":\"~\"}]}},{\"job\":\"tidy\","
                + "\"type\":\"orphan-cleanup\",\"running\":false,\"runningIn\":null,\"lastRun\":{\"runId\":3,"
                + "\"state\":\"succeeded\",\"rowsScanned\":8,\"rowsChanged\":2,\"batches\":1,\"attempts\":1,"
                + "\"cursor\":[\"8\"],\"startedBy\":\"~\",\"startedAt\":\"~\",\"updatedAt\":\"~\",\"endedAt\":\"~\","
                + "\"error\":null,\"rowsPerSecond\":\"~\",\"recentBatches\":[{\"batch\":1,\"after\":null,"
                + "\"upTo\":[\"8\"],\"rowsScanned\":8,\"rowsChanged\":2,\"durationMs\":\"~\"}]}}]");

        // While a run waits for a row another session holds, status names the process running it.
        db.execute("INSERT INTO templates VALUES (100, 1, 'title', 'body', NULL)");
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("SELECT * FROM templates WHERE id = 100 FOR UPDATE");
            Cli.Running running = cli.start("backfill", "run", "hashes", "--lock-timeout", "10min");
            Await.until("the run's first batch waiting for row 100", () -> {
                assertThat(running.process().isAlive()).as("ferry ended early: " + running.err().getNow("")).isTrue();
                return !db.column("SELECT pid FROM pg_stat_activity WHERE pg_blocking_pids(pid) <> '{}'").isEmpty();
            });
            same(run(0, "backfill", "status", "--json"), "[{\"job\":\"hashes\",\"type\":\"hash\",\"running\":true,"
                    + "\"runningIn\":{\"pid\":\"~\",\"user\":\"~\",\"since\":\"~\"},\"lastRun\":{\"runId\":4,"
                    + "\"state\":\"running\",\"rowsScanned\":6,\"rowsChanged\":0,\"batches\":2,\"attempts\":1,"
                    + "\"cursor\":[\"8\"],\"startedBy\":\"~\",\"startedAt\":\"~\",\"updatedAt\":\"~\",\"endedAt\":null,"
                    + "\"error\":null,\"rowsPerSecond\":\"~\",\"recentBatches\":[{\"batch\":2,\"after\":[\"4\"],"
                    + "\"upTo\":[\"8\"],\"rowsScanned\":3,\"rowsChanged\":0,\"durationMs\":\"~\"},{\"batch\":1,"
                    + "\"after\":null,\"upTo\":[\"4\"],\"rowsScanned\":3,\"rowsChanged\":0,\"durationMs\":\"~\"}]}},"
                    + "{\"job\":\"tidy\",\"type\":\"orphan-cleanup\",\"running\":false,\"runningIn\":null,"
                    + "\"lastRun\":{\"runId\":3,\"state\":\"succeeded\",\"rowsScanned\":8,\"rowsChanged\":2,\"batches\":1,"
                    + "\"attempts\":1,\"cursor\":[\"8\"],\"startedBy\":\"~\",\"startedAt\":\"~\",\"updatedAt\":\"~\","
                    + "\"endedAt\":\"~\",\"error\":null,\"rowsPerSecond\":\"~\",\"recentBatches\":[{\"batch\":1,"
                    + "\"after\":null,\"upTo\":[\"8\"],\"rowsScanned\":8,\"rowsChanged\":2,\"durationMs\":\"~\"}]}}]");
            holder.rollback();
            assertThat(running.await().exit()).isZero();
        }
    }

    @Test
    void theEmbeddedServer() throws Exception {
        cli = new Cli(cwd);
        try {
            same(run(1, "db", "status", "--json"), "{\"running\":false,\"state\":\"stopped\",\"dataDir\":\"$CWD/.ferry/pg\"}");
            same(run(0, "db", "start", "--json"), "{\"running\":true,\"state\":\"running\",\"pid\":\"~\",\"port\":\"~\","
                    + "\"dataDir\":\"$CWD/.ferry/pg\",\"url\":\"~\",\"user\":\"~\",\"log\":\"$CWD/.ferry/pg.log\","
                    + "\"startedAt\":\"~\",\"kept\":true,\"startedNow\":true}");
            same(run(0, "db", "start", "--json"), "{\"running\":true,\"state\":\"running\",\"pid\":\"~\",\"port\":\"~\","
                    + "\"dataDir\":\"$CWD/.ferry/pg\",\"url\":\"~\",\"user\":\"~\",\"log\":\"$CWD/.ferry/pg.log\","
                    + "\"startedAt\":\"~\",\"kept\":true,\"startedNow\":false}");
            same(run(0, "db", "status", "--json"), "{\"running\":true,\"state\":\"running\",\"pid\":\"~\",\"port\":\"~\","
                    + "\"dataDir\":\"$CWD/.ferry/pg\",\"url\":\"~\",\"user\":\"~\",\"log\":\"$CWD/.ferry/pg.log\","
                    + "\"startedAt\":\"~\",\"kept\":true}");
            same(run(0, "db", "stop", "--json"), "{\"stopped\":true,\"pid\":\"~\"}");
            same(run(0, "db", "stop", "--json"), "{\"stopped\":false}");
        } finally {
            cli.run("db", "stop");
        }
    }
}
