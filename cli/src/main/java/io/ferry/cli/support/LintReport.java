package io.ferry.cli.support;

import io.ferry.migration.Ferry;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.lint.Finding;
import io.ferry.migration.lint.LintSummary;
import io.ferry.workspace.LintBeforeRun;
import io.ferry.workspace.Workspace;
import java.io.PrintWriter;
import java.util.List;

/** Writes lint findings as {@code ferry lint} and an upgrade print them, and lints before an upgrade. */
public final class LintReport {

    private LintReport() {
    }

    /**
     * {@code lint.on-run} before an upgrade: lints the revisions it is about to run and prints what it finds on
     * {@code err} (stdout stays the command's result); nothing for a downgrade or with {@code lint: off}.
     *
     * @throws io.ferry.migration.api.FerryException {@code lint-failed} with {@code lint: error} and an error left
     */
    public static void beforeRun(Workspace ws, Ferry ferry, Direction direction, String target, PrintWriter err) {
        if (direction != Direction.UPGRADE) {
            return;
        }
        LintBeforeRun lint = LintBeforeRun.upgrade(ws.lint(), ferry, target);
        if (!lint.findings().isEmpty()) {
            err.println(lint.headline());
            print(err, lint.findings());
        }
        lint.refuseIfBlocked();
    }

    /**
     * Writes each finding as {@code file:line:column: severity[rule] message}, then {@code   fix: ...} and, when a
     * comment suppressed it, {@code   suppressed: reason}.
     */
    public static void print(PrintWriter to, List<Finding> findings) {
        // One write for them all: the writer flushes on every line, and a run of thousands of revisions can have
        // thousands of findings.
        String newline = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        for (Finding f : findings) {
            text.append(f.headline()).append(newline).append("  fix: ").append(f.fix()).append(newline);
            f.suppressed().ifPresent(reason -> text.append("  suppressed: ").append(reason).append(newline));
        }
        to.print(text);
        to.flush();
    }

    /** {@code 2 errors, 1 warning (1 suppressed) in 3 revisions}, or {@code no findings in 3 revisions}. */
    public static String summary(List<Finding> findings, int revisions) {
        return LintSummary.of(findings, revisions).text();
    }
}
