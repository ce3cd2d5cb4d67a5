package io.ferry.workspace;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.lint.Finding;
import io.ferry.migration.lint.LintSummary;
import io.ferry.migration.lint.rules.Rules;
import io.ferry.migration.plan.PlannedStep;
import java.util.List;

/**
 * {@code lint.on-run} of {@code ferry.yaml}: what an upgrade about to run finds when it lints its revisions first,
 * with the database's table sizes. {@code ferry upgrade} prints it on stderr and the server logs it; with
 * {@code on-run: error}, an error no comment suppressed stops the run ({@link #refuseIfBlocked}).
 *
 * @param onRun     the setting it ran under
 * @param revisions how many revisions were linted
 * @param findings  what the rules found in them
 */
public record LintBeforeRun(LintConfig.OnRun onRun, int revisions, List<Finding> findings) {

    public LintBeforeRun {
        findings = List.copyOf(findings);
    }

    /**
     * Lints the revisions an upgrade of {@code ferry} to {@code target} would run now; nothing with {@code lint: off}
     * or when nothing is pending. Reads the plan and the catalog only.
     */
    public static LintBeforeRun upgrade(LintConfig config, Ferry ferry, String target) {
        if (config.onRun() == LintConfig.OnRun.OFF) {
            return new LintBeforeRun(config.onRun(), 0, List.of());
        }
        List<Revision> revisions = ferry.planUpgrade(target).steps().stream().map(PlannedStep::revision).toList();
        if (revisions.isEmpty()) {
            return new LintBeforeRun(config.onRun(), 0, List.of());
        }
        return new LintBeforeRun(config.onRun(), revisions.size(),
                Rules.lintLive(ferry.dataSource(), config.settings(), revisions));
    }

    /** {@code lint before upgrade: 1 error, 0 warnings in 2 revisions (lint: warn in ferry.yaml)}. */
    public String headline() {
        return "lint before upgrade: " + LintSummary.of(findings, revisions).text() + " (lint: " + onRun.id()
                + " in ferry.yaml)";
    }

    /**
     * @throws FerryException {@code lint-failed} when {@code on-run} is {@code error} and an error is not suppressed
     */
    public void refuseIfBlocked() {
        long blocking = findings.stream().filter(Finding::blocks).count();
        if (onRun == LintConfig.OnRun.ERROR && blocking > 0) {
            throw new FerryException(MigrationErrorCode.LINT_FAILED, LintSummary.count((int) blocking, "lint error")
                    + " in the revisions about to run; nothing was run", "rewrite the statements as each fix says,"
                    + " or add -- ferry:lint-ignore RULE reason above one that is safe here; 'ferry lint' lists them");
        }
    }
}
