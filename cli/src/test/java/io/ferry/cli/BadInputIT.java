package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Catalog;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.Runbooks;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input of every kind: each gets exit code 2 (or 3 for the connection), its error lines on stderr
 * (the code and the problem, a hint, the runbook section) and nothing else there, and leaves the database
 * exactly as it was.
 */
class BadInputIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path cwd;

    private static List<String> before;

    /** Two heads (abcd...01 and abcd...02) after a base, all applied, so that there is history to keep. */
    @BeforeAll
    static void applied() throws Exception {
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("base00000000", "base", "CREATE TABLE kept (id int);", "DROP TABLE kept;");
        p.revision("abcd00000001", "base00000000", "CREATE TABLE left_side (id int);", "DROP TABLE left_side;");
        p.revision("abcd00000002", "base00000000", "CREATE TABLE right_side (id int);", "DROP TABLE right_side;");
        Cli.Result up = Cli.against(db, cwd).run("upgrade", "heads");
        assertThat(up.exit()).as(up.toString()).isZero();
        before = state();
    }

    private static List<String> state() throws Exception {
        List<String> state = new ArrayList<>(Catalog.snapshot(db));
        state.addAll(db.column("SELECT version_num FROM ferry_version ORDER BY 1"));
        state.addAll(db.column("SELECT id || revision || action || success FROM ferry_history ORDER BY id"));
        return state;
    }

    @AfterEach
    void databaseUnchanged() throws Exception {
        assertThat(state()).isEqualTo(before);
    }

    private static Cli.Result fails(int exit, Cli cli, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        ErrorLines error = r.error();
        assertThat(error.hint()).as(r.toString()).isNotBlank();
        assertThat(Runbooks.exists(error.see())).as("runbook section of %s", r).isTrue();
        assertThat(r.out()).isEmpty();
        return r;
    }

    private static Cli.Result fails(int exit, String... args) {
        return fails(exit, Cli.against(db, cwd), args);
    }

    /** A project folder with one extra file holding {@code text}. */
    private static Path projectWith(String name, byte[] text) throws Exception {
        Path dir = Files.createTempDirectory(cwd, "bad");
        try (var files = Files.list(cwd.resolve("migrations"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.write(dir.resolve(name), text);
        return dir;
    }

    @Test
    void unknownTarget() {
        assertThat(fails(2, "upgrade", "ffff").err()).contains("no revision 'ffff'");
    }

    @Test
    void ambiguousPrefix() {
        assertThat(fails(2, "downgrade", "abcd").err()).contains("'abcd' is ambiguous", "abcd00000001", "abcd00000002");
    }

    @Test
    void prefixShorterThanFourCharacters() {
        assertThat(fails(2, "upgrade", "abc").err()).contains("too short", "at least 4");
    }

    @Test
    void upgradeHeadWithTwoHeads() {
        assertThat(fails(2, "upgrade", "head").err()).contains("several heads", "abcd00000001, abcd00000002",
                "'heads'", "ferry merge");
    }

    @Test
    void downgradeTooFar() {
        assertThat(fails(2, "downgrade", "abcd00000001-99").err()).contains("past base");
        assertThat(fails(2, "downgrade", "-99").err()).contains("several current heads");
    }

    /** Both heads grow from base00000000: reverting the first one's lineage to base would revert the other. */
    @Test
    void aBranchDowngradeThatWouldRevertAnotherBranch() {
        assertThat(fails(2, "downgrade", "abcd00000001@base").err()).contains("would also revert abcd00000002",
                "ferry downgrade abcd00000001@base00000000");
    }

    @Test
    void aFileWithACycle() throws Exception {
        Path dir = projectWith("z.sql", ("-- ferry:revision c1\n-- ferry:revises c2\n-- ferry:up\n\n").getBytes());
        Files.writeString(dir.resolve("y.sql"), "-- ferry:revision c2\n-- ferry:revises c1\n-- ferry:up\n");
        assertThat(fails(2, "upgrade", "heads", "--dir", dir.toString()).err()).contains("cycle", "c1", "c2");
    }

    @Test
    void aFileWithAnUnknownParent() throws Exception {
        Path dir = projectWith("z.sql", "-- ferry:revision z1\n-- ferry:revises nowhere1\n-- ferry:up\n".getBytes());
        assertThat(fails(2, "upgrade", "heads", "--dir", dir.toString()).err()).contains("z.sql", "'nowhere1'");
    }

    @Test
    void duplicateIdsInTwoFiles() throws Exception {
        Path dir = projectWith("z.sql", "-- ferry:revision abcd00000001\n-- ferry:revises base\n-- ferry:up\n".getBytes());
        assertThat(fails(2, "upgrade", "heads", "--dir", dir.toString()).err())
                .contains("defined twice", "002_abcd00000001.sql", "z.sql");
    }

    @Test
    void aFileThatIsNotUtf8() throws Exception {
        byte[] latin1 = "-- ferry:revision l1\n-- ferry:revises base\n-- ferry:message caf\u00e9\n-- ferry:up\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path dir = projectWith("latin1.sql", latin1);
        assertThat(fails(2, "upgrade", "heads", "--dir", dir.toString()).err()).contains("latin1.sql:3", "UTF-8");
    }

    @Test
    void anUnknownFlagOrCommand() {
        assertThat(fails(2, "upgrade", "--frobnicate").error()).isEqualTo(new ErrorLines("invalid-usage",
                "Unknown option: '--frobnicate'", "see 'ferry upgrade --help'",
                "docs/runbooks/command-line.md#invalid-usage"));
        assertThat(fails(2, "upgarde").error().hint()).contains("did you mean 'upgrade'", "'ferry --help'");
        assertThat(fails(2, "upgrade", "--lock-timeout", "soon").err()).contains("'soon' is not a duration");
    }

    @Test
    void badLockRetrySettings() throws Exception {
        assertThat(fails(2, "upgrade", "--lock-retry-for", "-1s").err()).contains("--lock-retry-for", "-1s");
        assertThat(fails(2, "upgrade", "--lock-retry-for", "a while").err()).contains("'a while' is not a duration");
        assertThat(fails(2, "upgrade", "--retries", "-1").err()).contains("retries must be 0 or more, not -1",
                "--lock-retry-for");
        Path dir = Files.createTempDirectory(cwd, "yaml");
        Files.writeString(dir.resolve("ferry.yaml"), "dirs: [" + cwd.resolve("migrations") + "]\nlock-retry-for: ever\n");
        assertThat(fails(2, Cli.against(db, dir), "upgrade", "heads").err()).contains("ferry.yaml: lock-retry-for:",
                "'ever' is not a duration");
    }

    @Test
    void aMalformedProjectFile() throws Exception {
        Path dir = Files.createTempDirectory(cwd, "yaml");
        Files.writeString(dir.resolve("ferry.yaml"), "dirs: [" + cwd.resolve("migrations") + "]\nlock-wiat: 5s\n");
        assertThat(fails(2, Cli.against(db, dir), "current").err()).contains("ferry.yaml", "unknown key 'lock-wiat'");
    }

    @Test
    void aWrongPasswordExitsThreeWithoutShowingIt() throws Exception {
        db.createPasswordUser("right-password");
        Cli cli = Cli.against(db, cwd).env("FERRY_USER", TestDatabase.PASSWORD_USER)
                .env("FERRY_PASSWORD", "wrong-s3cret");
        Cli.Result r = fails(3, cli, "current");
        assertThat(r.err()).contains("password authentication failed", TestDatabase.PASSWORD_USER)
                .doesNotContain("wrong-s3cret");

        String url = "postgres://" + TestDatabase.PASSWORD_USER + ":wrong-s3cret@" + db.host() + ":" + db.port()
                + "/" + db.name();
        Cli.Result viaUrl = fails(3, new Cli(cwd), "upgrade", "heads", "--url", url);
        assertThat(viaUrl.err()).doesNotContain("wrong-s3cret");
    }

    @Test
    void aClosedPortExitsThree() {
        Cli.Result r = fails(3, new Cli(cwd), "current", "--url", "jdbc:postgresql://127.0.0.1:1/nothing");
        assertThat(r.err()).contains("cannot connect", "127.0.0.1:1");
    }

    @Test
    void aJdbcUrlTheDriverCannotReadIsShownMasked() {
        Cli.Result r = fails(2, new Cli(cwd), "current", "--url", "jdbc:postgresql://h:54x2/db?password=s3cret");
        assertThat(r.err()).contains("password=***", "cannot be used").doesNotContain("s3cret");
    }

    @Test
    void anUnusableUrl() {
        assertThat(fails(2, new Cli(cwd), "current", "--url", "mysql://u:topsecret@h/db").err())
                .contains("mysql://u:***@h/db").doesNotContain("topsecret");
    }
}
