package io.ferry.migration.source.nativesql;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.sql.SqlStatement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeSqlSourceTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    private List<Revision> load() {
        return new NativeSqlSource(dir).load();
    }

    private static List<SqlStatement> statements(io.ferry.migration.graph.Body body) {
        return ((SqlBody) body).statements();
    }

    @Test
    void readsEveryHeaderKeyAndBothSections() throws IOException {
        write("20260101_0900_5cd038a8f131_accounts.sql", """
                -- ferry:revision 5cd038a8f131
                -- ferry:revises 1a2b3c4d5e6f, 2b3c4d5e6f70
                -- ferry:message add accounts, with an index
                -- Any ordinary comment may stand in the header.
                -- ferry:branch-labels billing
                -- ferry:depends-on 3c4d5e6f7081 4d5e6f708192
                -- ferry:transactional false
                -- ferry:statement-timeout 10min

                -- ferry:up
                CREATE TABLE accounts (id bigint PRIMARY KEY, name text);
                CREATE INDEX CONCURRENTLY accounts_name ON accounts (name);
                -- ferry:down
                DROP TABLE accounts;
                """);
        Revision r = load().get(0);
        assertThat(r.id()).isEqualTo("5cd038a8f131");
        assertThat(r.parents()).containsExactly("1a2b3c4d5e6f", "2b3c4d5e6f70");
        assertThat(r.message()).isEqualTo("add accounts, with an index");
        assertThat(r.branchLabels()).containsExactly("billing");
        assertThat(r.dependsOn()).containsExactly("3c4d5e6f7081", "4d5e6f708192");
        assertThat(r.transactional()).isFalse();
        assertThat(r.statementTimeout()).contains(Duration.ofMinutes(10));
        assertThat(r.origin()).isEqualTo(dir.resolve("20260101_0900_5cd038a8f131_accounts.sql").toString());
        assertThat(statements(r.up())).containsExactly(
                new SqlStatement("CREATE TABLE accounts (id bigint PRIMARY KEY, name text)", 11),
                new SqlStatement("CREATE INDEX CONCURRENTLY accounts_name ON accounts (name)", 12));
        assertThat(r.down()).isPresent();
        assertThat(statements(r.down().get())).containsExactly(new SqlStatement("DROP TABLE accounts", 14));
    }

    @Test
    void aBaseRevisionWithoutDownSectionCannotBeReverted() throws IOException {
        write("first.sql", "-- ferry:revision aaaa1111\n-- ferry:revises base\n-- ferry:up\nSELECT 1;\n");
        Revision r = load().get(0);
        assertThat(r.isBase()).isTrue();
        assertThat(r.isReversible()).isFalse();
        assertThat(r.transactional()).isTrue();
        assertThat(r.message()).isEmpty();
    }

    @Test
    void anEmptyDownSectionIsReversibleWithNothingToDo() throws IOException {
        write("merge.sql", "-- ferry:revision m1\n-- ferry:revises a1 b1\n-- ferry:up\n-- ferry:down\n");
        Revision r = load().get(0);
        assertThat(r.isMerge()).isTrue();
        assertThat(statements(r.up())).isEmpty();
        assertThat(r.isReversible()).isTrue();
        assertThat(statements(r.down().get())).isEmpty();
    }

    @Test
    void theHeaderIsAuthoritativeNotTheFileName() throws IOException {
        write("V1__looks_like_flyway.sql", "-- ferry:revision real_id\n-- ferry:revises base\n-- ferry:up\n");
        assertThat(load().get(0).id()).isEqualTo("real_id");
    }

    @Test
    void readsSubFoldersInPathOrderAndSkipsHiddenAndNonSqlFiles() throws IOException {
        write("2026/02_b.sql", "-- ferry:revision b\n-- ferry:revises a\n-- ferry:up\n");
        write("2026/01_a.sql", "-- ferry:revision a\n-- ferry:revises base\n-- ferry:up\n");
        write("README.md", "not a migration");
        write(".trash/old.sql", "garbage");
        write("2027/03_c.SQL", "-- ferry:revision c\n-- ferry:revises b\n-- ferry:up\n");
        assertThat(load()).extracting(Revision::id).containsExactly("a", "b", "c");
    }

    @Test
    void lineEndingsDoNotChangeTheChecksumButEditsDo() throws IOException {
        String text = "-- ferry:revision a\n-- ferry:revises base\n-- ferry:up\nSELECT 1;\n";
        write("lf/a.sql", text);
        write("crlf/a.sql", text.replace("\n", "\r\n"));
        write("cr/a.sql", text.replace("\n", "\r"));
        write("edited/a.sql", text.replace("SELECT 1", "SELECT 2"));
        String lf = new NativeSqlSource(dir.resolve("lf")).load().get(0).checksum();
        assertThat(new NativeSqlSource(dir.resolve("crlf")).load().get(0).checksum()).isEqualTo(lf);
        assertThat(new NativeSqlSource(dir.resolve("cr")).load().get(0).checksum()).isEqualTo(lf);
        assertThat(new NativeSqlSource(dir.resolve("edited")).load().get(0).checksum()).isNotEqualTo(lf);
        assertThat(lf).isEqualTo(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aByteOrderMarkIsAccepted() throws IOException {
        write("bom.sql", "\uFEFF-- ferry:revision a\n-- ferry:revises base\n-- ferry:up\nSELECT 1;\n");
        assertThat(load().get(0).id()).isEqualTo("a");
    }

    @Test
    void aFileWithoutRevisionLineIsAnError() throws IOException {
        Path f = write("note.sql", "-- just some sql\nSELECT 1;\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f.toString(), "SQL before '-- ferry:up'", ":2:");
        write("note.sql", "-- ferry:revises base\n-- ferry:up\nSELECT 1;\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":1:", "no '-- ferry:revision' line");
    }

    @Test
    void anUnknownHeaderKeyIsAnErrorNamingFileAndLine() throws IOException {
        Path f = write("a.sql", "-- ferry:revision a\n-- ferry:revises base\n-- ferry:revison b\n-- ferry:up\n");
        var e = assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":3:", "unknown header key 'revison'");
        assertThat(e.hint()).contains("revision", "revises", "depends-on");
    }

    @Test
    void aMissingUpSectionIsAnError() throws IOException {
        Path f = write("a.sql", "-- ferry:revision a\n-- ferry:revises base\nSELECT 1;\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f.toString(), "SQL before '-- ferry:up'");
        write("a.sql", "-- ferry:revision a\n-- ferry:revises base\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f.toString(), "no '-- ferry:up' section");
    }

    @Test
    void invalidUtf8IsAnErrorNamingFileAndLine() throws IOException {
        byte[] head = "-- ferry:revision a\n-- ferry:revises base\n-- ferry:up\nSELECT '".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 4];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3;      // a lead byte ...
        bytes[head.length + 1] = (byte) 0x28;  // ... followed by something that is not a continuation byte
        bytes[head.length + 2] = '\'';
        bytes[head.length + 3] = ';';
        Path f = write("latin1.sql", bytes);
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":4:", "not valid UTF-8");
    }

    @Test
    void otherMalformedHeadersAreErrorsWithTheirLine() throws IOException {
        Path f = dir.resolve("a.sql");
        write("a.sql", "-- ferry:revision a\n-- ferry:revision b\n-- ferry:revises base\n-- ferry:up\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":2:", "appears twice", "line 1");
        write("a.sql", "-- ferry:revision a\n-- ferry:up\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":1:", "no '-- ferry:revises' line");
        write("a.sql", "-- ferry:revision a\n-- ferry:revises base\n-- ferry:transactional maybe\n-- ferry:up\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":3:", "true or false");
        write("a.sql", "-- ferry:revision a\n-- ferry:revises base\n-- ferry:statement-timeout soon\n-- ferry:up\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":3:", "not a duration");
        write("a.sql", "-- ferry:revision a\n-- ferry:revises base x1\n-- ferry:up\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":2:", "'base' cannot be combined");
        write("a.sql", "-- ferry:revision a\n-- ferry:revises\n-- ferry:up\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":2:", "has no value");
        write("a.sql", "-- ferry:revision a b\n-- ferry:revises base\n-- ferry:up\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":1:", "exactly one value");
        write("a.sql", "-- ferry:revision a\n-- ferry:revises base\n-- ferry:down\n-- ferry:up\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":3:", "before '-- ferry:up'");
        write("a.sql", "-- ferry:revision a\n-- ferry:revises base\n-- ferry:up\n-- ferry:message late\n");
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":4:", "inside the up section");
    }

    @Test
    void unterminatedSqlIsAnErrorWithTheFileLineWhenTheSectionIsSplit() throws IOException {
        Path f = write("a.sql", "-- ferry:revision a\n-- ferry:revises base\n-- ferry:up\nSELECT 1;\nSELECT 'x;\n"
                + "-- ferry:down\nSELECT 2;\n");
        Revision a = load().get(0);
        assertThat(statements(a.down().orElseThrow())).extracting(SqlStatement::sql).containsExactly("SELECT 2");
        assertFails(() -> statements(a.up()), MigrationErrorCode.INVALID_MIGRATION_FILE, f + ":5:", "string opened at line 5");
    }

    @Test
    void aTransactionalRevisionsStatementsAreCheckedWhenItsSectionIsSplit() throws IOException {
        Path f = write("a.sql", "-- ferry:revision a\n-- ferry:revises base\n-- ferry:up\nCREATE TABLE t (id int);\n"
                + "-- ferry:down\nDROP TABLE t;\nCOMMIT;\n");
        Revision a = load().get(0);
        assertThat(statements(a.up())).hasSize(1);
        assertFails(() -> statements(a.down().orElseThrow()), MigrationErrorCode.NON_TRANSACTIONAL_STATEMENT, f + ":7:",
                "COMMIT would end the transaction");
        write("a.sql", "-- ferry:revision a\n-- ferry:revises base\n-- ferry:transactional false\n-- ferry:up\n"
                + "VACUUM;\nCOMMIT;\n");
        assertThat(statements(load().get(0).up())).as("statement by statement: no such rule").hasSize(2);
    }

    @Test
    void aMissingFolderIsAnError() {
        assertFails(() -> new NativeSqlSource(dir.resolve("nope")).load(), MigrationErrorCode.MIGRATION_LOCATION_MISSING,
                "nope", "does not exist");
    }

    @Test
    void duplicateIdsInTwoFilesAreNamedWhenTheGraphIsBuilt() throws IOException {
        Path one = write("one.sql", "-- ferry:revision a1\n-- ferry:revises base\n-- ferry:up\n");
        Path two = write("two.sql", "-- ferry:revision a1\n-- ferry:revises base\n-- ferry:up\n");
        assertFails(() -> RevisionGraph.of(load()), MigrationErrorCode.DUPLICATE_REVISION, one.toString(), two.toString());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files are read in parallel; of several bad files, the error names the first in path order. */
    @Test
    void ofManyFilesTheFirstBadOneInPathOrderIsReported() throws IOException {
        for (int i = 1; i <= 400; i++) {
            String id = String.format("r%04d", i);
            String revises = i == 1 ? "base" : String.format("r%04d", i - 1);
            boolean bad = i == 137 || i == 300 || i == 399;
            write(String.format("%04d_%s.sql", i, id), "-- ferry:revision " + id + "\n-- ferry:revises " + revises
                    + "\n" + (bad ? "CREATE TABLE early (id int);\n" : "") + "-- ferry:up\nSELECT " + i + ";\n");
        }
        for (int round = 0; round < 5; round++) {
            assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, "0137_r0137.sql:3:",
                    "SQL before '-- ferry:up'");
        }
        Files.delete(dir.resolve("0137_r0137.sql"));
        assertFails(this::load, MigrationErrorCode.INVALID_MIGRATION_FILE, "0300_r0300.sql:3:");
    }
}
