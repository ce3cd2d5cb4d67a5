package io.ferry.cli.support;

import io.ferry.cli.json.LintJson;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.lint.Finding;
import io.ferry.migration.lint.LintSettings;
import io.ferry.migration.lint.LiveCatalog;
import io.ferry.migration.lint.rules.Rules;
import java.io.PrintWriter;
import java.util.List;
import javax.sql.DataSource;

/** Lints revisions against a database, and writes findings as {@code ferry lint} and a run print them. */
public final class LintReport {

    private LintReport() {
    }

    /** The findings in {@code revisions}, the sizes and facts read from the database (one connection, read only). */
    public static List<Finding> live(DataSource database, LintSettings settings, List<Revision> revisions) {
        try (Session session = Session.open(database)) {
            return Rules.linter(settings, new LiveCatalog(session.connection())).lint(revisions);
        }
    }

    /**
     * Writes each finding as {@code file:line:column: severity[rule] message}, then {@code   fix: ...} and, when a
     * comment suppressed it, {@code   suppressed: reason}.
     */
    public static void print(PrintWriter to, List<Finding> findings) {
        for (Finding f : findings) {
            to.println(f.file() + ":" + f.line() + ":" + f.column() + ": " + f.severity().id() + "[" + f.rule() + "] "
                    + f.message());
            to.println("  fix: " + f.fix());
            f.suppressed().ifPresent(reason -> to.println("  suppressed: " + reason));
        }
        to.flush();
    }

    /** {@code 2 errors, 1 warning (1 suppressed) in 3 revisions}, or {@code no findings in 3 revisions}. */
    public static String summary(List<Finding> findings, int revisions) {
        String in = " in " + count(revisions, "revision");
        if (findings.isEmpty()) {
            return "no findings" + in;
        }
        LintJson.Summary s = LintJson.Summary.of(findings, revisions);
        return count(s.errors(), "error") + ", " + count(s.warnings(), "warning")
                + (s.suppressed() == 0 ? "" : " (" + s.suppressed() + " suppressed)") + in;
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
