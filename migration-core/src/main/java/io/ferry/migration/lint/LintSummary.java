package io.ferry.migration.lint;

import java.util.List;

/**
 * The counts of a lint: errors and warnings no comment suppressed, the findings a comment suppressed, and the
 * revisions read.
 */
public record LintSummary(int errors, int warnings, int suppressed, int revisions) {

    public static LintSummary of(List<Finding> findings, int revisions) {
        int errors = 0;
        int warnings = 0;
        int suppressed = 0;
        for (Finding f : findings) {
            if (f.isSuppressed()) {
                suppressed++;
            } else if (f.severity() == Severity.ERROR) {
                errors++;
            } else {
                warnings++;
            }
        }
        return new LintSummary(errors, warnings, suppressed, revisions);
    }

    /** {@code 2 errors, 1 warning (1 suppressed) in 3 revisions}, or {@code no findings in 3 revisions}. */
    public String text() {
        String in = " in " + count(revisions, "revision");
        if (errors + warnings + suppressed == 0) {
            return "no findings" + in;
        }
        return count(errors, "error") + ", " + count(warnings, "warning")
                + (suppressed == 0 ? "" : " (" + suppressed + " suppressed)") + in;
    }

    /** {@code 1 error}, {@code 2 errors}. */
    public static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
