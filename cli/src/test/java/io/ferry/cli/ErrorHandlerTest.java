package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.backfill.BackfillErrorCode;
import io.ferry.backfill.BackfillRemedy;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.ErrorCode;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.api.RemedyKind;
import io.ferry.workspace.CommandWords;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Every error reads the same: {@code error[<code>]: <cause>}, a {@code hint:} line in the command line's
 * words (flags and commands; the core names only what to change), and the {@code see:} line of its runbook
 * section. These errors come from the core, backfill-jobs and the command line itself without a database.
 */
class ErrorHandlerTest {

    @TempDir
    Path dir;

    private static FerryConfiguration configure() {
        return Ferry.configure().dataSource("jdbc:postgresql://localhost:1/unused", null, null);
    }

    /** What the handler prints on stderr and stdout, and the exit code it returns. */
    private record Printed(List<String> err, String out, int exit) {
    }

    /** Ferry's command line as ./ferry builds it, its error handler seeing {@code env}, and its two streams. */
    private static final class Line {
        private final ErrorHandler handler;
        private final CommandLine commandLine;
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();

        Line(Map<String, String> env) {
            handler = new ErrorHandler(env);
            commandLine = CommandLineSetup.configure(FerryCommand.addCommands(new CommandLine(new FerryCommand()), List.of()))
                    .setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler);
            commandLine.setOut(new PrintWriter(out));
            commandLine.setErr(new PrintWriter(err));
        }

        /** Hands {@code failure} to the handler as if the command {@code args} name had thrown it. */
        Printed failed(Exception failure, String... args) {
            ParseResult parsed = args.length == 0 ? null : commandLine.parseArgs(args);
            return printed(handler.handleExecutionException(failure, commandLine, parsed));
        }

        /** Runs the line as ./ferry does. */
        Printed run(String... args) {
            return printed(commandLine.execute(args));
        }

        private Printed printed(int exit) {
            return new Printed(err.toString().lines().toList(), out.toString(), exit);
        }
    }

    private static FerryException thrown(ThrowingCallable call) {
        FerryException e = catchThrowableOfType(FerryException.class, call);
        assertThat(e).isNotNull();
        return e;
    }

    private static List<String> stderr(ThrowingCallable call) {
        return new Line(Map.of()).failed(thrown(call)).err();
    }

    private static String hint(List<String> stderr) {
        return stderr.stream().filter(l -> l.startsWith("hint: ")).map(l -> l.substring(6)).findFirst().orElseThrow();
    }

    @Test
    void aMissingFolderNamesTheDirFlag() {
        Path missing = dir.resolve("nope");
        assertThat(stderr(() -> configure().locations(missing).load())).containsExactly(
                "error[migration-location-missing]: migration folder " + missing + " does not exist",
                "hint: create it, or point Ferry at your migrations with --dir",
                "see: docs/runbooks/migrations.md#migration-location-missing");
        assertThat(hint(stderr(() -> configure().locations(missing).flyway().load())))
                .isEqualTo("create it, or point Ferry at your migrations with --dir");
    }

    @Test
    void aMissingPlaceholderNamesTheYamlKeyAndTheFlag() throws Exception {
        Files.writeString(dir.resolve("V1__a.sql"), "CREATE TABLE ${prefix}_a (id int);\n");
        assertThat(hint(stderr(() -> configure().locations(dir).flyway().load())))
                .isEqualTo("give it a value: placeholders in ferry.yaml, or --placeholder NAME=VALUE");
    }

    @Test
    void aFileWithoutHeaderNamesTheRevisionCommand() throws Exception {
        Files.writeString(dir.resolve("001_a.sql"), "-- just a comment\n");
        assertThat(hint(stderr(() -> configure().locations(dir).load()))).isEqualTo("every migration file starts"
                + " with a header naming its revision id; ferry revision writes one for you");
    }

    @Test
    void aFlywayFileReadAsNativeNamesTheFlywayFlag() throws Exception {
        Files.writeString(dir.resolve("V1__a.sql"), "CREATE TABLE a (id int);\n");
        assertThat(hint(stderr(() -> configure().locations(dir).load()))).isEqualTo("if the project is in"
                + " Flyway's format, say so: --flyway, or format: flyway in ferry.yaml; otherwise give the file a"
                + " '-- ferry:' header");
    }

    @Test
    void aBadBaselineVersionNamesTheOption() throws Exception {
        Files.writeString(dir.resolve("V1__a.sql"), "CREATE TABLE a (id int);\n");
        Ferry ferry = configure().locations(dir).flyway().load();
        assertThat(hint(stderr(() -> ferry.flyway().baseline("one", null))))
                .isEqualTo("for example --baseline-version 1.2");
    }

    private static FerryException missingFolder(Path dir) {
        return thrown(() -> configure().locations(dir.resolve("nope")).load());
    }

    @Test
    void theRunbookServersPageWhenItsPublicAddressIsConfigured() throws Exception {
        String page = "/runbooks/migrations#migration-location-missing";
        assertThat(new Line(Map.of("FERRY_PUBLIC_URL", "https://ferry.example.com/")).failed(missingFolder(dir)).err())
                .last().isEqualTo("see: https://ferry.example.com" + page);

        Path project = Files.writeString(dir.resolve("project.yaml"), "public-url: https://runbooks.internal\n");
        assertThat(new Line(Map.of()).failed(missingFolder(dir), "--config", project.toString(), "heads").err())
                .last().isEqualTo("see: https://runbooks.internal" + page);
        assertThat(new Line(Map.of("FERRY_CONFIG", project.toString())).failed(missingFolder(dir), "heads").err())
                .last().isEqualTo("see: https://runbooks.internal" + page);
        assertThat(new Line(Map.of("FERRY_PUBLIC_URL", "http://10.0.0.5:8080", "FERRY_CONFIG", project.toString()))
                .failed(missingFolder(dir), "heads").err())
                .as("the environment wins over the project file").last().isEqualTo("see: http://10.0.0.5:8080" + page);

        // A project file that cannot be read is no reason to hide the section: the repository's path it is.
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "public-url: https://runbooks.internal\nurll: x\n");
        assertThat(new Line(Map.of()).failed(missingFolder(dir), "--config", broken.toString(), "heads").err())
                .last().isEqualTo("see: docs/runbooks/migrations.md#migration-location-missing");
    }

    @Test
    void noHintLineWhenTheRemedyIsEmpty() {
        Printed p = new Line(Map.of()).failed(new FerryException(MigrationErrorCode.UNKNOWN_REVISION,
                "no revision 'ffff'", Remedy.of()));
        assertThat(p.err()).containsExactly("error[unknown-revision]: no revision 'ffff'",
                "see: docs/runbooks/targets.md#unknown-revision");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.out()).isEmpty();
    }

    /** A code of a module the command line knows nothing of. */
    private enum OtherCode implements ErrorCode {
        SOMETHING_ODD;

        @Override
        public ErrorCategory category() {
            return ErrorCategory.CONNECTION;
        }

        @Override
        public String runbookPage() {
            return "elsewhere.md";
        }
    }

    @Test
    void backfillCodesAndAnyOtherModulesReadTheSame() {
        Printed backfill = new Line(Map.of()).failed(new FerryException(BackfillErrorCode.BACKFILL_RUNNING,
                "backfill 'hashes' is already running in pid 42", Remedy.of("see who runs it: ",
                BackfillRemedy.SHOW_STATUS)));
        assertThat(backfill.err()).containsExactly("error[backfill-running]: backfill 'hashes' is already running in"
                + " pid 42", "hint: see who runs it: ferry backfill status",
                "see: docs/runbooks/backfills.md#backfill-running");
        assertThat(backfill.exit()).isEqualTo(4);

        Printed other = new Line(Map.of()).failed(new FerryException(OtherCode.SOMETHING_ODD, "odd", "try again"));
        assertThat(other.err()).containsExactly("error[something-odd]: odd", "hint: try again",
                "see: docs/runbooks/elsewhere.md#something-odd");
        assertThat(other.exit()).isEqualTo(3);
    }

    @Test
    void anUnexpectedExceptionIsABugWithItsCodeAndItsStackTraceWithVerbose() {
        Printed p = new Line(Map.of()).failed(new IllegalStateException("boom"), "heads");
        assertThat(p.err()).containsExactly("error[internal-error]: unexpected failure:"
                + " java.lang.IllegalStateException: boom", "hint: this is a bug in Ferry; please report it with the command you ran and what it prints"
                + " with --verbose", "see: docs/runbooks/command-line.md#internal-error");
        assertThat(p.exit()).isEqualTo(1);

        Printed verbose = new Line(Map.of()).failed(new IllegalStateException("boom"), "heads", "--verbose");
        assertThat(verbose.err().get(1)).endsWith("the command you ran and the stack trace below");
        assertThat(verbose.err().get(2)).isEqualTo("see: docs/runbooks/command-line.md#internal-error");
        assertThat(verbose.err().subList(3, verbose.err().size())).first().isEqualTo(
                "java.lang.IllegalStateException: boom");
        assertThat(verbose.err()).anyMatch(l -> l.contains("at io.ferry.cli.ErrorHandlerTest"));
    }

    @Test
    void aUsageErrorNamesTheCommandsHelp() {
        Printed unknown = new Line(Map.of()).run("upgrade", "--frobnicate");
        assertThat(unknown.err()).containsExactly("error[invalid-usage]: Unknown option: '--frobnicate'",
                "hint: see 'ferry upgrade --help'", "see: docs/runbooks/command-line.md#invalid-usage");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();

        Printed typo = new Line(Map.of()).run("upgarde");
        assertThat(typo.err().get(0)).startsWith("error[invalid-usage]: ").contains("'upgarde'");
        assertThat(typo.err().get(1)).startsWith("hint: did you mean 'upgrade'").endsWith("? See 'ferry --help'");
    }

    @Test
    void withJsonTheErrorIsAlsoOneDocumentOnStdout() {
        SQLException cause = new SQLException("canceling statement due to lock timeout", "55P03");
        FerryException e = new FerryException(MigrationErrorCode.LOCK_NOT_ACQUIRED, "the lock was not granted",
                Remedy.of("wait, or raise ", MigrationRemedy.LOCK_WAIT), cause);
        Printed json = new Line(Map.of()).failed(e, "current", "--json");
        assertThat(json.out()).isEqualTo("{\"error\":{\"code\":\"lock-not-acquired\",\"message\":\"the lock was not"
                + " granted\",\"hint\":\"wait, or raise --lock-wait\",\"runbook\":\"docs/runbooks/running.md"
                + "#lock-not-acquired\",\"sqlstate\":\"55P03\",\"exitCode\":4}}" + System.lineSeparator());
        assertThat(json.err()).as("the error lines stay on stderr").containsExactly(
                "error[lock-not-acquired]: the lock was not granted", "hint: wait, or raise --lock-wait",
                "see: docs/runbooks/running.md#lock-not-acquired");
        assertThat(json.exit()).isEqualTo(4);
        assertThat(new Line(Map.of()).failed(e, "current").out()).as("without --json").isEmpty();

        Printed usage = new Line(Map.of()).run("heads", "--json", "--frobnicate");
        assertThat(usage.out()).isEqualTo("{\"error\":{\"code\":\"invalid-usage\",\"message\":\"Unknown option:"
                + " '--frobnicate'\",\"hint\":\"see 'ferry heads --help'\",\"runbook\":\"docs/runbooks/command-line.md"
                + "#invalid-usage\",\"sqlstate\":null,\"exitCode\":2}}" + System.lineSeparator());
        assertThat(new Line(Map.of()).run("heads", "--frobnicate", "--", "--json").out())
                .as("after --, --json is an argument").isEmpty();
    }

    @Test
    void everyWordOfTheCoreHasItsCommandLineWords() {
        Map<RemedyKind, String> expected = Map.ofEntries(
                Map.entry(MigrationRemedy.LOCK_WAIT, "--lock-wait"),
                Map.entry(MigrationRemedy.LOCK_TIMEOUT, "--lock-timeout"),
                Map.entry(MigrationRemedy.LOCK_RETRY_BUDGET, "--lock-retry-for"),
                Map.entry(MigrationRemedy.RETRY_LIMIT, "--retries"),
                Map.entry(MigrationRemedy.STATEMENT_TIMEOUT, "--statement-timeout"),
                Map.entry(MigrationRemedy.HISTORY_SCHEMA, "--schema SCHEMA"),
                Map.entry(MigrationRemedy.DATABASE_URL, "the URL (--url, $FERRY_URL, or url in ferry.yaml)"),
                Map.entry(MigrationRemedy.CREDENTIALS, "--user and --password (or $FERRY_USER and $FERRY_PASSWORD)"),
                Map.entry(MigrationRemedy.CONNECT_TIMEOUT, "--connect-timeout"),
                Map.entry(MigrationRemedy.RESUME, "--resume"),
                Map.entry(MigrationRemedy.RESTART, "--restart"),
                Map.entry(MigrationRemedy.PURGE, "--purge"),
                Map.entry(MigrationRemedy.STAMP, "ferry stamp"),
                Map.entry(MigrationRemedy.NEW_REVISION, "ferry revision"),
                Map.entry(MigrationRemedy.SHOW_REVISIONS, "ferry history"),
                Map.entry(MigrationRemedy.SHOW_CURRENT, "ferry history --indicate-current"),
                Map.entry(MigrationRemedy.SHOW_BRANCHES, "ferry branches"),
                Map.entry(MigrationRemedy.SHOW_STATUS, "ferry status"),
                Map.entry(MigrationRemedy.SHOW_VERSIONS, "ferry info"));
        expected.forEach((kind, words) -> assertThat(CommandWords.say(kind.with())).as(kind.name()).isEqualTo(words));
        assertThat(CommandWords.say(MigrationRemedy.PURGE.with("REV"))).isEqualTo("ferry stamp --purge REV");
        assertThat(CommandWords.say(MigrationRemedy.BASELINE.with("V"))).isEqualTo("ferry baseline --baseline-version V");
        assertThat(CommandWords.say(MigrationRemedy.DOWNGRADE.with("-1"))).isEqualTo("ferry downgrade -1");
        assertThat(CommandWords.say(MigrationRemedy.UPGRADE.with("+1"))).isEqualTo("ferry upgrade +1");
        assertThat(CommandWords.say(MigrationRemedy.MERGE.with(List.of("b2", "c3"))))
                .isEqualTo("ferry merge b2 c3 -m MESSAGE");
        assertThat(CommandWords.say(MigrationRemedy.NEW_REVISION.with("MESSAGE"))).isEqualTo("ferry revision -m MESSAGE");
        assertThat(CommandWords.say(Remedy.of("stamp with ", MigrationRemedy.PURGE, " to replace what ferry_version"
                + " holds"))).isEqualTo("stamp with --purge to replace what ferry_version holds");
    }

    @Test
    void aWordFromAnotherModuleKeepsTheLibrarysTerms() {
        RemedyKind other = new RemedyKind() {
            @Override
            public String name() {
                return "SOMETHING_ELSE";
            }

            @Override
            public String inLibraryTerms(List<String> arguments) {
                return "Other.call()";
            }
        };
        assertThat(CommandWords.say(Remedy.of("try ", other))).isEqualTo("try Other.call()");
    }
}
