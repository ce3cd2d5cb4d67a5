package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real failure on a real database, as the on-call engineer and a script see it: an upgrade whose
 * {@code ALTER TABLE} never gets its lock, because another session holds the table. Stderr holds the
 * error's lines and nothing else (no log record of Ferry or of the driver, unless --verbose asks for
 * Ferry's), the {@code see:} line names a section the repository has, {@code --json} prints the same error
 * as one document on stdout, and the runbook server's public address, when configured, replaces the path.
 */
class ErrorOutputIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A log record as the command line prints one with --verbose: time, level, Ferry's logger, message. */
    private static final Pattern FERRY_LOG =
            Pattern.compile("\\d\\d:\\d\\d:\\d\\d,\\d{3} INFO +\\[io\\.ferry\\.[\\w.]+] .+");

    /** Waits 100 ms for the lock on each attempt, and tries for 2 s: several attempts, each logged. */
    private static final List<String> UPGRADE = List.of("upgrade", "--lock-timeout", "100ms", "--lock-retry-for", "2s");

    @TempDir
    Path cwd;

    private Cli cli;

    @BeforeEach
    void documentsTableApplied() throws Exception {
        db.reset();
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("0e0000000001", "base", "CREATE TABLE documents (id int);", null);
        p.revision("0e0000000002", "0e0000000001", "ALTER TABLE documents ADD COLUMN title text;", null);
        cli = Cli.against(db, cwd);
        Cli.Result first = cli.run("upgrade", "+1");
        assertThat(first.exit()).as(first.toString()).isZero();
    }

    /** Runs ferry with {@code args} while another session holds the documents table in a transaction. */
    private Cli.Result blocked(Cli cli, List<String> args) throws Exception {
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE documents IN ACCESS EXCLUSIVE MODE");
            Cli.Result r = cli.run(args.toArray(String[]::new));
            holder.rollback();
            return r;
        }
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private void nothingApplied() throws Exception {
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("0e0000000001");
        assertThat(db.column("SELECT count(*) FROM information_schema.columns WHERE table_name = 'documents'"
                + " AND column_name = 'title'")).containsExactly("0");
    }

    @Test
    void aFailureIsItsErrorLinesAndTheSameErrorAsJson() throws Exception {
        Cli.Result r = blocked(cli, with(UPGRADE, "--json"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        ErrorLines error = r.error();
        assertThat(error.message()).as(r.toString()).contains("0e0000000002", "lock");
        assertThat(error.hint()).as(r.toString()).isNotBlank();
        error.hasCode("lock-timeout");

        assertThat(r.outLines()).as("one document on stdout").hasSize(1);
        JsonNode document = JSON.readTree(r.out());
        assertThat(document.fieldNames()).toIterable().containsExactly("error");
        JsonNode e = document.get("error");
        assertThat(e.fieldNames()).toIterable()
                .containsExactly("code", "message", "hint", "runbook", "sqlstate", "exitCode");
        assertThat(e.get("code").asText()).isEqualTo(error.code());
        assertThat(e.get("message").asText()).isEqualTo(error.message());
        assertThat(e.get("hint").asText()).isEqualTo(error.hint());
        assertThat(e.get("runbook").asText()).isEqualTo(error.see());
        assertThat(e.get("sqlstate").asText()).isEqualTo("55P03");
        assertThat(e.get("exitCode").asInt()).isEqualTo(r.exit());
        nothingApplied();
    }

    @Test
    void verboseLetsFerrysLogRecordsThroughBeforeOrAfterTheCommand() throws Exception {
        List<String> before = new ArrayList<>(List.of("-v"));
        before.addAll(with(UPGRADE, "--json"));
        for (List<String> args : List.of(with(UPGRADE, "--json", "--verbose"), before)) {
            Cli.Result r = blocked(cli, args);
            assertThat(r.exit()).as(r.toString()).isEqualTo(4);
            List<String> lines = r.errLines();
            int logged = lines.size() - 3;
            assertThat(logged).as("Ferry's log records of its attempts: %s", r).isPositive();
            assertThat(lines.subList(0, logged)).as(r.toString()).allMatch(l -> FERRY_LOG.matcher(l).matches());
            ErrorLines error = ErrorLines.of(lines.subList(logged, lines.size()), r);
            assertThat(error.see()).endsWith("#" + error.code());
            assertThat(JSON.readTree(r.out()).get("error").get("code").asText()).isEqualTo(error.code());
        }
        nothingApplied();
    }

    @Test
    void theRunbookServersAddressReplacesTheRepositoryPath() throws Exception {
        String section = ErrorLines.last(blocked(cli, UPGRADE)).see();
        String code = section.substring(section.indexOf('#') + 1);
        String page = section.substring("docs/runbooks/".length(), section.indexOf(".md#"));

        Cli.Result published = blocked(Cli.against(db, cwd).env("FERRY_PUBLIC_URL", "https://ferry.example.com/"),
                with(UPGRADE, "--json"));
        assertThat(published.error().code()).isEqualTo(code);
        assertThat(published.error().see()).isEqualTo("https://ferry.example.com/runbooks/" + page + "#" + code);
        assertThat(JSON.readTree(published.out()).get("error").get("runbook").asText())
                .isEqualTo(published.error().see());

        Files.writeString(cwd.resolve("ferry.yaml"), "public-url: http://runbooks.internal:8080\n");
        assertThat(ErrorLines.last(blocked(cli, UPGRADE)).see())
                .isEqualTo("http://runbooks.internal:8080/runbooks/" + page + "#" + code);
        nothingApplied();
    }

    @Test
    void aUsageErrorWithJsonOnTheLineIsAJsonErrorToo() throws Exception {
        Cli.Result r = cli.run("upgrade", "--json", "--lock-timeout", "soon");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        ErrorLines error = r.error();
        assertThat(error.code()).isEqualTo("invalid-usage");
        assertThat(error.message()).contains("'soon' is not a duration");
        JsonNode e = JSON.readTree(r.out()).get("error");
        assertThat(e.get("code").asText()).isEqualTo("invalid-usage");
        assertThat(e.get("hint").asText()).isEqualTo("see 'ferry upgrade --help'");
        assertThat(e.get("runbook").asText()).isEqualTo("docs/runbooks/command-line.md#invalid-usage");
        assertThat(e.get("sqlstate").isNull()).isTrue();
        assertThat(e.get("exitCode").asInt()).isEqualTo(2);
        nothingApplied();
    }
}
