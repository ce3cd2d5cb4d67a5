package io.ferry.migration.source.nativesql;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Body;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.graph.SqlBody;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writer writes, the parser reads back as it was given. */
class NativeFileWriterTest {

    @TempDir
    Path dir;

    private static Revision readBack(NativeFileWriter writer) {
        return NativeFileParser.parse("new.sql", writer.text().getBytes(StandardCharsets.UTF_8));
    }

    private static String sql(Body body) {
        return ((SqlBody) body).sql();
    }

    @Test
    void everyPartOfTheHeaderAndBothSectionsReadBack() {
        NativeFileWriter writer = NativeFileWriter.revision("5cd038a8f131")
                .revises(List.of("1a2b3c4d5e6f", "2b3c4d5e6f70"))
                .message("add accounts, with an index")
                .branchLabels(List.of("billing", "accounts-v2"))
                .dependsOn(List.of("3c4d5e6f7081", "reporting"))
                .transactional(false)
                .statementTimeout(Duration.ofMinutes(10))
                .up("CREATE TABLE accounts (id bigint PRIMARY KEY, name text);\n"
                        + "-- an ordinary comment\n"
                        + "CREATE INDEX CONCURRENTLY accounts_name ON accounts (name);")
                .down("DROP TABLE accounts;\n");
        Revision r = readBack(writer);
        assertThat(r.id()).isEqualTo("5cd038a8f131");
        assertThat(r.parents()).containsExactly("1a2b3c4d5e6f", "2b3c4d5e6f70");
        assertThat(r.message()).isEqualTo("add accounts, with an index");
        assertThat(r.branchLabels()).containsExactly("billing", "accounts-v2");
        assertThat(r.dependsOn()).containsExactly("3c4d5e6f7081", "reporting");
        assertThat(r.transactional()).isFalse();
        assertThat(r.statementTimeout()).contains(Duration.ofMinutes(10));
        assertThat(sql(r.up())).isEqualTo("CREATE TABLE accounts (id bigint PRIMARY KEY, name text);\n"
                + "-- an ordinary comment\n"
                + "CREATE INDEX CONCURRENTLY accounts_name ON accounts (name);");
        assertThat(sql(r.down().orElseThrow())).isEqualTo("DROP TABLE accounts;\n");
    }

    @Test
    void theDefaultsReadBackAsTheDefaults() {
        Revision r = readBack(NativeFileWriter.revision("a1"));
        assertThat(r.isBase()).isTrue();
        assertThat(r.message()).isEmpty();
        assertThat(r.branchLabels()).isEmpty();
        assertThat(r.dependsOn()).isEmpty();
        assertThat(r.transactional()).isTrue();
        assertThat(r.statementTimeout()).isEmpty();
        assertThat(sql(r.up())).isEmpty();
        assertThat(r.down()).hasValueSatisfying(d -> assertThat(sql(d)).isEmpty());
    }

    @Test
    void withoutADownSectionTheRevisionCannotBeReverted() {
        Revision r = readBack(NativeFileWriter.revision("a1").up("CREATE TABLE t (id int);").down(null));
        assertThat(r.isReversible()).isFalse();
        assertThat(sql(r.up())).isEqualTo("CREATE TABLE t (id int);");
    }

    @Test
    void aNewRevisionsFileIsTheTemplateTheCommandLineAlwaysWrote() {
        assertThat(NativeFileWriter.revision("ae1027c6f1b0").revises(List.of("5cd038a8f131")).message("add invoices")
                .branchLabels(List.of("billing")).text()).isEqualTo("""
                -- ferry:revision ae1027c6f1b0
                -- ferry:revises 5cd038a8f131
                -- ferry:message add invoices
                -- ferry:branch-labels billing

                -- ferry:up

                -- ferry:down

                """);
        assertThat(NativeFileWriter.revision("c3").revises(List.of("a1", "b2")).message("join")
                .note("A merge revision: it joins the branches above and usually has nothing to do.").text())
                .isEqualTo("""
                -- ferry:revision c3
                -- ferry:revises a1 b2
                -- ferry:message join

                -- A merge revision: it joins the branches above and usually has nothing to do.
                -- ferry:up

                -- ferry:down

                """);
    }

    @Test
    void aMessageIsOneLineAndLineBreaksInSqlAreWrittenAsNewlines() {
        Revision r = readBack(NativeFileWriter.revision("a1").message("  two\r\nlines ")
                .up("SELECT 1;\r\nSELECT 2;\rSELECT 3;"));
        assertThat(r.message()).isEqualTo("two lines");
        assertThat(sql(r.up())).isEqualTo("SELECT 1;\nSELECT 2;\nSELECT 3;");
    }

    @Test
    void randomRevisionsReadBackAsWritten() {
        Random random = new Random(12);
        String[] lines = {"CREATE TABLE t (id int);", "", "-- a comment", "  INSERT INTO t VALUES (1);",
                "$$ body $$;", "--ferry is a fine word", "SELECT '-- ferry:up';", "\t"};
        for (int i = 0; i < 200; i++) {
            List<String> parents = random.nextBoolean() ? List.of() : List.of("p" + i, "q" + i).subList(0,
                    1 + random.nextInt(2));
            String up = text(random, lines);
            String down = random.nextInt(4) == 0 ? null : text(random, lines);
            boolean transactional = random.nextBoolean();
            Revision r = readBack(NativeFileWriter.revision("r" + i).revises(parents).message("m " + i)
                    .transactional(transactional).up(up).down(down));
            String context = "revision " + i + ": up=" + up + " down=" + down;
            assertThat(r.parents()).as(context).isEqualTo(parents);
            assertThat(r.transactional()).as(context).isEqualTo(transactional);
            assertThat(sql(r.up())).as(context).isEqualTo(up);
            assertThat(r.down().map(NativeFileWriterTest::sql)).as(context).isEqualTo(java.util.Optional.ofNullable(down));
        }
    }

    private static String text(Random random, String[] lines) {
        List<String> picked = new ArrayList<>();
        int n = random.nextInt(5);
        for (int j = 0; j < n; j++) {
            picked.add(lines[random.nextInt(lines.length)]);
        }
        return String.join("\n", picked) + (random.nextBoolean() ? "\n" : "");
    }

    @Test
    void whatWouldNotReadBackIsRefusedBeforeWriting() {
        assertFails(() -> NativeFileWriter.revision("a 1"), MigrationErrorCode.INVALID_REVISION_ID, "'a 1'");
        assertFails(() -> NativeFileWriter.revision("a1").revises(List.of("b1,c1")),
                MigrationErrorCode.INVALID_REVISION_ID, "'b1,c1'");
        assertFails(() -> NativeFileWriter.revision("a1").revises(List.of("base")),
                MigrationErrorCode.INVALID_REVISION_ID, "'base'");
        assertFails(() -> NativeFileWriter.revision("a1").branchLabels(List.of("")),
                MigrationErrorCode.INVALID_BRANCH_LABEL);
        assertFails(() -> NativeFileWriter.revision("a1").up("SELECT 1;\n  -- ferry:down\nSELECT 2;"),
                MigrationErrorCode.INVALID_MIGRATION_FILE, "line 2 of the up section");
        assertFails(() -> NativeFileWriter.revision("a1").statementTimeout(Duration.ofNanos(1500)),
                MigrationErrorCode.INVALID_CONFIGURATION);
    }

    @Test
    void writesANewFileNamedAfterTheTimeIdAndMessageNeverOverAnother() throws Exception {
        NativeFileWriter writer = NativeFileWriter.revision("ae1027c6f1b0").message("Add invoices & totals!");
        assertThat(writer.fileName(LocalDateTime.of(2026, 3, 4, 9, 5)))
                .isEqualTo("20260304_0905_ae1027c6f1b0_add_invoices_totals.sql");
        Path file = writer.writeInto(dir.resolve("new/folder"));
        assertThat(file).hasContent(writer.text());
        Revision read = new NativeSqlSource(dir.resolve("new/folder")).load().get(0);
        assertThat(read.id()).isEqualTo("ae1027c6f1b0");
        assertThat(read.origin()).isEqualTo(file.toString());

        LocalDateTime now = LocalDateTime.now();
        for (LocalDateTime time : List.of(now, now.plusMinutes(1))) { // the minute may turn meanwhile
            Files.writeString(dir.resolve(writer.fileName(time)), "taken");
        }
        FerryException e = assertFails(() -> writer.writeInto(dir), MigrationErrorCode.INVALID_CONFIGURATION,
                "exists already");
        assertThat(e.remedy().actions()).extracting(Remedy.Action::kind).containsExactly(MigrationRemedy.REVISION_ID);
    }

    @Test
    void freshIdsAreTwelveHexDigitsNoRevisionHas() {
        String id = NativeFileWriter.freshId(RevisionGraph.empty());
        assertThat(id).matches("[0-9a-f]{12}");
    }
}
