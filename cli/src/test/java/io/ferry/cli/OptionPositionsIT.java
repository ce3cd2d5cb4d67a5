package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project and connection options work wherever people put them: before the command, after it, or
 * in the environment, for a command that reads the database, one that reads only files, and commands
 * nested in a group. The project lives in a folder the default would not find, and the environment
 * points at a closed port unless the test means to use it, so each run proves where its options came
 * from.
 */
class OptionPositionsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** Nothing listens on port 1: a URL that is used fails with exit 3. */
    private static final String CLOSED = "jdbc:postgresql://127.0.0.1:1/nothing";

    @TempDir
    static Path cwd;

    private static Path dir;
    private static Path config;

    @BeforeAll
    static void project() throws Exception {
        dir = cwd.resolve("elsewhere/db");
        Project p = new Project(dir);
        p.revision("0a0000000001", "base", "CREATE TABLE positions (id bigint PRIMARY KEY, body text, h text);", null);
        p.revision("0a0000000002", "0a0000000001", "INSERT INTO positions SELECT i, 'b' || i FROM"
                + " generate_series(1, 10) i;", null);
        config = cwd.resolve("elsewhere/project.yaml");
        Files.writeString(config, """
                backfills:
                  hashes:
                    type: hash
                    table: positions
                    key: id
                    columns: [body]
                    target: h
                """);
        Cli.Result up = cli().run("upgrade", "--url", db.url(), "--dir", dir.toString());
        assertThat(up.exit()).as(up.toString()).isZero();
    }

    /** A CLI whose environment names no usable database and no project. */
    private static Cli cli() {
        Cli cli = new Cli(cwd);
        cli.env("FERRY_URL", CLOSED);
        cli.env("FERRY_USER", db.user());
        if (db.password() != null) {
            cli.env("FERRY_PASSWORD", db.password());
        }
        return cli;
    }

    private static String[] line(List<String> before, String command, List<String> after) {
        List<String> args = new ArrayList<>(before);
        args.addAll(List.of(command.split(" ")));
        args.addAll(after);
        return args.toArray(String[]::new);
    }

    /** Runs the command with its options before it, after it, and in the environment; all must agree. */
    private static String samePlaces(String command, List<String> options, Cli environment) {
        Cli.Result before = cli().run(line(options, command, List.of()));
        Cli.Result after = cli().run(line(List.of(), command, options));
        Cli.Result env = environment.run(command.split(" "));
        for (Cli.Result r : List.of(before, after, env)) {
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        assertThat(after.out()).as("options after the command").isEqualTo(before.out());
        assertThat(env.out()).as("options in the environment").isEqualTo(before.out());
        return before.out();
    }

    @Test
    void aCommandThatReadsTheDatabase() {
        Cli env = cli().env("FERRY_URL", db.url()).env("FERRY_DIR", dir.toString());
        String out = samePlaces("current --json",
                List.of("--url", db.url(), "--dir", dir.toString(), "--connect-timeout", "5s"), env);
        assertThat(out.strip()).isEqualTo("{\"heads\":[\"0a0000000002\"]}");
    }

    @Test
    void aCommandThatReadsOnlyFilesAcceptsTheConnectionOptionsAndIgnoresThem() {
        // The URL names a closed port: a file-only command must not try it.
        Cli env = cli().env("FERRY_DIR", dir.toString());
        String out = samePlaces("heads --json", List.of("--url", CLOSED, "--user", "nobody", "--dir", dir.toString()),
                env);
        assertThat(out.strip()).isEqualTo("{\"heads\":[\"0a0000000002\"]}");

        Cli.Result show = cli().run("--url", CLOSED, "--dir", dir.toString(), "show", "0a0000000001");
        assertThat(show.exit()).as(show.toString()).isZero();
        assertThat(show.out()).contains("0a0000000001");
    }

    @Test
    void nestedCommandsTakeThemBeforeTheGroupInsideItAndAfter() {
        List<String> options = List.of("--url", db.url(), "--config", config.toString());
        String run = "backfill run hashes --dry-run --json";
        Cli.Result before = cli().run(line(options, run, List.of()));
        Cli.Result inside = cli().run("backfill", "--url", db.url(), "--config", config.toString(), "run", "hashes",
                "--dry-run", "--json");
        Cli.Result after = cli().run(line(List.of(), run, options));
        Cli.Result env = cli().env("FERRY_URL", db.url()).env("FERRY_CONFIG", config.toString())
                .run(run.split(" "));
        for (Cli.Result r : List.of(before, inside, after, env)) {
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).as(r.toString()).contains("\"job\":\"hashes\"", "\"rowsChanged\":10,");
        }

        String list = samePlaces("backfill list --json", List.of("--url", CLOSED, "--config", config.toString()),
                cli().env("FERRY_CONFIG", config.toString()));
        assertThat(list).contains("\"job\":\"hashes\"");
    }

    /** --verbose is global too: before the command it still shows current's and history's details. */
    @Test
    void verboseGoesBeforeOrAfterTheCommand() {
        Cli env = cli().env("FERRY_URL", db.url()).env("FERRY_DIR", dir.toString());
        for (String command : List.of("current", "history")) {
            Cli.Result before = env.run("--verbose", command);
            Cli.Result after = env.run(command, "-v");
            Cli.Result plain = env.run(command);
            for (Cli.Result r : List.of(before, after, plain)) {
                assertThat(r.exit()).as(r.toString()).isZero();
            }
            assertThat(before.out()).as(command).contains("Revision:      0a0000000002", "Checksum:")
                    .isEqualTo(after.out());
            assertThat(plain.out()).as(command).doesNotContain("Checksum:");
        }
    }

    @Test
    void aFlagGivenAfterTheCommandWinsOverTheSameFlagBeforeIt() {
        Cli.Result r = cli().run("--url", CLOSED, "--dir", "missing", "current", "--url", db.url(), "--dir",
                dir.toString(), "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().strip()).isEqualTo("{\"heads\":[\"0a0000000002\"]}");
    }

    @Test
    void aFolderNamedLikeACommandIsStillAFolder() throws Exception {
        Path db = cwd.resolve("db");
        new Project(db).revision("0b0000000001", "base", "SELECT 1;", null);
        Cli.Result r = cli().run("--dir", "db", "heads");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("0b0000000001");
    }
}
