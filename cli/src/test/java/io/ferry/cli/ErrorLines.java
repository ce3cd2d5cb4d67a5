package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Runbooks;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a failed command prints on stderr, and nothing else there: {@code error[<code>]: <message>},
 * {@code hint: <hint>} when there is one, and {@code see: <runbook section>}.
 *
 * @param hint null when the error has none
 */
record ErrorLines(String code, String message, String hint, String see) {

    private static final Pattern ERROR = Pattern.compile("error\\[([a-z0-9]+(?:-[a-z0-9]+)*)]: (.+)");

    /** The error lines of {@code r}, asserting that its stderr holds them and nothing else. */
    static ErrorLines of(Cli.Result r) {
        return of(r.errLines(), r);
    }

    /**
     * The error that ends the stderr of {@code r}, after the lines Ferry printed before it (a run's
     * progress, notes), asserting that nothing follows it.
     */
    static ErrorLines last(Cli.Result r) {
        List<String> lines = r.errLines();
        int start = lines.size() - 1;
        while (start > 0 && !lines.get(start).startsWith("error[")) {
            start--;
        }
        return of(lines.subList(start, lines.size()), r);
    }

    /** The error in {@code lines}, asserting that they are its lines and nothing else; {@code r} for messages. */
    static ErrorLines of(List<String> lines, Cli.Result r) {
        assertThat(lines).as("stderr is an error's lines only: %s", r).hasSizeBetween(2, 3);
        Matcher error = ERROR.matcher(lines.get(0));
        assertThat(error.matches()).as("error line of %s", r).isTrue();
        String hint = null;
        if (lines.size() == 3) {
            assertThat(lines.get(1)).as("hint line of %s", r).startsWith("hint: ");
            hint = lines.get(1).substring("hint: ".length());
        }
        String see = lines.get(lines.size() - 1);
        assertThat(see).as("see line of %s", r).startsWith("see: ");
        return new ErrorLines(error.group(1), error.group(2), hint, see.substring("see: ".length()));
    }

    /**
     * Asserts that this is error {@code expected} and that its {@code see:} line names that code's section
     * of a runbook in the repository, one with the heading {@code ## <code>}.
     */
    ErrorLines hasCode(String expected) {
        assertThat(code).as("code of error: %s", message).isEqualTo(expected);
        assertThat(see).matches("docs/runbooks/[a-z-]+\\.md#" + Pattern.quote(expected));
        assertThat(Runbooks.exists(see)).as("section %s in the repository", see).isTrue();
        return this;
    }
}
