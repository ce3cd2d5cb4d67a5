package io.ferry.cli.json;

import io.ferry.migration.lint.Finding;
import io.ferry.migration.lint.LintSummary;
import java.util.List;

/**
 * {@code lint --json}: each finding with its file, line and column, rule, severity, message, the safe way to write
 * it, its revision and, when a {@code ferry:lint-ignore} comment covers it, the comment's reason ({@code null}
 * otherwise); then the counts. {@code ok} is false when an error remains that no comment suppressed.
 */
public record LintJson(boolean ok, List<Item> findings, LintSummary summary) {

    public static LintJson of(List<Finding> findings, int revisions) {
        LintSummary summary = LintSummary.of(findings, revisions);
        return new LintJson(summary.errors() == 0, findings.stream().map(Item::of).toList(), summary);
    }

    /** One finding. */
    public record Item(String file, int line, int column, String rule, String severity, String message, String fix,
                       String revision, String suppressed) {

        static Item of(Finding f) {
            return new Item(f.file(), f.line(), f.column(), f.rule(), f.severity().id(), f.message(), f.fix(),
                    f.revision(), f.suppressed().orElse(null));
        }
    }
}
