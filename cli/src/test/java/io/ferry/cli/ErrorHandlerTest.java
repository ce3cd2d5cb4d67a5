package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.api.RemedyKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The core names what to change; the command line says it with its flags and commands. These errors come
 * from the core without a database, and their hint reads as the command line always wrote it.
 */
class ErrorHandlerTest {

    @TempDir
    Path dir;

    private static FerryConfiguration configure() {
        return Ferry.configure().dataSource("jdbc:postgresql://localhost:1/unused", null, null);
    }

    private static String stderr(ThrowingCallable call) {
        FerryException e = catchThrowableOfType(FerryException.class, call);
        assertThat(e).isNotNull();
        CommandLine commandLine = new CommandLine(new FerryCommand());
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        new ErrorHandler().handleExecutionException(e, commandLine, null);
        return err.toString().strip();
    }

    private static String hint(String stderr) {
        return stderr.substring(stderr.indexOf(" (hint: ") + 8, stderr.length() - 1);
    }

    @Test
    void aMissingFolderNamesTheDirFlag() {
        Path missing = dir.resolve("nope");
        assertThat(stderr(() -> configure().locations(missing).load())).isEqualTo("error: migration folder "
                + missing + " does not exist (hint: create it, or point Ferry at your migrations with --dir)");
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

    @Test
    void everyWordOfTheCoreHasItsCommandLineWords() {
        Map<RemedyKind, String> expected = Map.ofEntries(
                Map.entry(MigrationRemedy.LOCK_WAIT, "--lock-wait"),
                Map.entry(MigrationRemedy.LOCK_TIMEOUT, "--lock-timeout"),
                Map.entry(MigrationRemedy.LOCK_RETRY_BUDGET, "--lock-retry-for"),
                Map.entry(MigrationRemedy.RETRY_LIMIT, "--retries"),
                Map.entry(MigrationRemedy.STATEMENT_TIMEOUT, "--statement-timeout"),
                Map.entry(MigrationRemedy.HISTORY_SCHEMA, "--schema SCHEMA"),
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
        expected.forEach((kind, words) -> assertThat(RemedyWords.say(kind.with())).as(kind.name()).isEqualTo(words));
        assertThat(RemedyWords.say(MigrationRemedy.PURGE.with("REV"))).isEqualTo("ferry stamp --purge REV");
        assertThat(RemedyWords.say(MigrationRemedy.BASELINE.with("V"))).isEqualTo("ferry baseline --baseline-version V");
        assertThat(RemedyWords.say(MigrationRemedy.DOWNGRADE.with("-1"))).isEqualTo("ferry downgrade -1");
        assertThat(RemedyWords.say(MigrationRemedy.UPGRADE.with("+1"))).isEqualTo("ferry upgrade +1");
        assertThat(RemedyWords.say(MigrationRemedy.MERGE.with(List.of("b2", "c3"))))
                .isEqualTo("ferry merge b2 c3 -m MESSAGE");
        assertThat(RemedyWords.say(MigrationRemedy.NEW_REVISION.with("MESSAGE"))).isEqualTo("ferry revision -m MESSAGE");
        assertThat(RemedyWords.say(Remedy.of("stamp with ", MigrationRemedy.PURGE, " to replace what ferry_version"
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
        assertThat(RemedyWords.say(Remedy.of("try ", other))).isEqualTo("try Other.call()");
    }
}
