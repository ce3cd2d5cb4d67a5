package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection that cannot be opened, through the command: exit 3, the cause with where Ferry tried, and a
 * hint in the command line's words (its options and variables, not the library's methods), never the
 * password. The core's tests cover every code; these check what the command makes of them.
 */
class ConnectionErrorsIT {

    private static final String SECRET = "s3cret-Passw0rd";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path cwd;

    @BeforeAll
    static void project() throws Exception {
        Files.createDirectories(cwd.resolve("migrations"));
    }

    private static Cli.Result fails(Cli cli, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).as(r.toString()).doesNotContain(SECRET).doesNotContain("FerryConfiguration");
        assertThat(r.out()).as(r.toString()).isEmpty();
        return r;
    }

    @Test
    void anUnknownDatabaseNamesItAndTheUrlOption() {
        String url = "jdbc:postgresql://" + db.host() + ":" + db.port() + "/no_such_database";
        Cli.Result r = fails(Cli.against(db, cwd).env("FERRY_URL", url), "current");
        assertThat(r.err()).as(r.toString()).contains("database no_such_database at " + db.host() + ":" + db.port(),
                "CREATE DATABASE \"no_such_database\"", "--url", "$FERRY_URL");
    }

    @Test
    void aWrongPasswordNamesTheUserOptions() throws Exception {
        db.createPasswordUser("the-Right-0ne");
        Cli.Result r = fails(Cli.against(db, cwd).env("FERRY_USER", TestDatabase.PASSWORD_USER)
                .env("FERRY_PASSWORD", SECRET), "current");
        assertThat(r.err()).as(r.toString()).contains("as user " + TestDatabase.PASSWORD_USER,
                "password authentication failed", "--user and --password").doesNotContain("the-Right-0ne");
    }

    @Test
    void aServerWithoutTlsWhenTheUrlRequiresIt() {
        Cli.Result r = fails(Cli.against(db, cwd).env("FERRY_URL", db.url() + "?sslmode=require"), "status");
        assertThat(r.err()).as(r.toString()).contains("requires TLS (sslmode=require)", "sslmode=prefer in the URL (--url");
    }
}
