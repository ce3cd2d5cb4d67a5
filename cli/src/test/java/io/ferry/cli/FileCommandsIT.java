package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands that read only the migration files, driven through ./ferry. */
class FileCommandsIT {

    @TempDir
    Path cwd;

    private Cli cli;

    /** a1 - a2, then b1 (billing) and c1 (catalog) from a2. */
    @BeforeEach
    void project() {
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("a1a1a1a1a1a1", "base", "CREATE TABLE a (id int);", "DROP TABLE a;");
        p.revision("a2a2a2a2a2a2", "a1a1a1a1a1a1", "CREATE TABLE b (id int);", "DROP TABLE b;");
        p.revision("b1b1b1b1b1b1", "a2a2a2a2a2a2", "-- ferry:branch-labels billing\n", "SELECT 1;", "SELECT 1;");
        p.revision("c1c1c1c1c1c1", "a2a2a2a2a2a2", "-- ferry:branch-labels catalog\n", "SELECT 1;", "SELECT 1;");
        cli = new Cli(cwd);
    }

    @Test
    void headsListsEveryHead() {
        Cli.Result json = cli.run("heads", "--json");
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.out().strip()).isEqualTo("{\"heads\":[\"b1b1b1b1b1b1\",\"c1c1c1c1c1c1\"]}");
        assertThat(json.err()).isEmpty();

        Cli.Result text = cli.run("heads");
        assertThat(text.outLines()).containsExactly("b1b1b1b1b1b1 (billing), b1b1b1b1b1b1 (head)",
                "c1c1c1c1c1c1 (catalog), c1c1c1c1c1c1 (head)");
    }

    @Test
    void branchesShowsBranchPoints() {
        Cli.Result text = cli.run("branches");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.outLines()).containsExactly("a2a2a2a2a2a2, a2a2a2a2a2a2 (branch point)",
                "  -> b1b1b1b1b1b1 (billing), b1b1b1b1b1b1", "  -> c1c1c1c1c1c1 (catalog), c1c1c1c1c1c1");
        assertThat(cli.run("branches", "--json").out().strip())
                .isEqualTo("{\"branchPoints\":[{\"id\":\"a2a2a2a2a2a2\",\"children\":[\"b1b1b1b1b1b1\",\"c1c1c1c1c1c1\"]}]}");
    }

    @Test
    void showDescribesOneRevision() {
        Cli.Result text = cli.run("show", "a2a2");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains("Revision:      a2a2a2a2a2a2", "Parents:       a1a1a1a1a1a1",
                "Children:      b1b1b1b1b1b1, c1c1c1c1c1c1", "002_a2a2a2a2a2a2.sql");
        Cli.Result json = cli.run("show", "billing@head", "--json");
        assertThat(json.out()).startsWith("{\"id\":\"b1b1b1b1b1b1\",\"parents\":[\"a2a2a2a2a2a2\"]")
                .contains("\"branchLabels\":[\"billing\"]");
    }

    @Test
    void revisionWritesANewFileAfterTheHeadItIsGiven() throws Exception {
        Cli.Result result = cli.run("revision", "-m", "Add invoice totals!", "--head", "billing@head",
                "--depends-on", "c1c1");
        assertThat(result.exit()).as(result.toString()).isZero();
        Path file = cwd.resolve(result.out().strip());
        assertThat(file.getFileName().toString()).matches("\\d{8}_\\d{4}_[0-9a-f]{12}_add_invoice_totals\\.sql");
        String text = Files.readString(file);
        String id = file.getFileName().toString().substring(14, 26);
        assertThat(text).contains("-- ferry:revision " + id, "-- ferry:revises b1b1b1b1b1b1",
                "-- ferry:message Add invoice totals!", "-- ferry:depends-on c1c1c1c1c1c1", "-- ferry:up", "-- ferry:down");
        assertThat(cli.run("heads", "--json").out()).contains(id).doesNotContain("b1b1b1b1b1b1");
    }

    @Test
    void revisionRefusesToGuessAParentWhenThereAreSeveralHeads() {
        Cli.Result result = cli.run("revision", "-m", "next");
        assertThat(result.exit()).isEqualTo(2);
        ErrorLines error = result.error();
        assertThat(error.message() + "\nhint: " + error.hint())
                .contains("several heads", "b1b1b1b1b1b1", "c1c1c1c1c1c1", "--head", "ferry merge");
    }

    @Test
    void revisionStartsAProjectAndTakesAGivenId() throws Exception {
        Path fresh = cwd.resolve("fresh");
        Cli.Result result = new Cli(fresh).run("revision", "-m", "initial schema", "--rev-id", "0000aaaa0000");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out().strip()).startsWith("migrations/").endsWith("_0000aaaa0000_initial_schema.sql");
        assertThat(Files.readString(fresh.resolve(result.out().strip()))).contains("-- ferry:revises base");
    }

    @Test
    void mergeJoinsTheHeads() throws Exception {
        Cli.Result result = cli.run("merge", "heads", "-m", "join billing and catalog");
        assertThat(result.exit()).as(result.toString()).isZero();
        String text = Files.readString(cwd.resolve(result.out().strip()));
        assertThat(text).contains("-- ferry:revises b1b1b1b1b1b1 c1c1c1c1c1c1");
        Cli.Result heads = cli.run("heads", "--json");
        assertThat(heads.out()).doesNotContain("b1b1b1b1b1b1").doesNotContain("c1c1c1c1c1c1");
        assertThat(cli.run("merge", "b1b1", "-m", "alone").exit()).isEqualTo(2);
    }

    @Test
    void versionHelpAndCompletion() {
        Cli.Result version = cli.run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("ferry ");

        Cli.Result help = cli.run("--help");
        assertThat(help.out()).contains("upgrade", "downgrade", "db", "Exit codes:", "4    a lock the work needs");
        assertThat(help.outLines()).as("the help fits an 80-column terminal").allMatch(l -> l.length() <= 80);

        Cli.Result helpUpgrade = cli.run("help", "upgrade");
        assertThat(helpUpgrade.exit()).isZero();
        assertThat(helpUpgrade.out()).contains("Usage: ferry upgrade", "--lock-timeout", "Examples:");

        Cli.Result completion = cli.run("completion", "bash");
        assertThat(completion.exit()).isZero();
        assertThat(completion.out()).contains("complete -F", "upgrade", "downgrade");
    }

    @ParameterizedTest
    @ValueSource(strings = {"upgrade", "downgrade", "current", "history", "heads", "branches", "show", "stamp",
            "revision", "merge", "check", "validate", "status", "completion", "migrate", "info", "undo", "baseline",
            "repair", "clean"})
    void everyCommandsHelpHasASummaryEveryOptionExplainedAndAnExample(String command) {
        Cli.Result help = cli.run(command, "--help");
        assertThat(help.exit()).as(help.toString()).isZero();
        List<String> lines = help.outLines();
        assertThat(lines.get(0)).startsWith("Usage: ferry " + command);
        assertThat(help.out()).contains("Examples:", "  ferry ");
        // Every option carries a description, beside its name or on the next line.
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.matches("\\s+(-\\w, )?--[\\w-]+.*")) {
                String rest = line.replaceFirst("^\\s+(-\\w, )?--[\\w-]+(=\\S+)?", "").strip();
                String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
                assertThat(rest.isEmpty() ? next.strip() : rest).as("description of: %s", line).isNotEmpty()
                        .doesNotStartWith("-");
            }
        }
    }
}
