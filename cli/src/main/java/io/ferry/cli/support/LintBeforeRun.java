package io.ferry.cli.support;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.lint.Finding;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.workspace.LintConfig;
import io.ferry.workspace.Workspace;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code lint.on-run} of {@code ferry.yaml}: before an upgrade runs, lint the revisions it is about to run, with the
 * database's table sizes, and print the findings on stderr (stdout stays the command's result). With
 * {@code on-run: error}, an error no comment suppressed stops the upgrade before anything runs.
 */
public final class LintBeforeRun {

    private LintBeforeRun() {
    }

    /**
     * Lints what an upgrade to {@code target} would run; does nothing for a downgrade or with {@code lint: off}.
     *
     * @throws FerryException {@code lint-failed} with {@code lint: error} when an unsuppressed error is found
     */
    public static void check(Workspace ws, Ferry ferry, Direction direction, String target, PrintWriter err) {
        LintConfig.OnRun onRun = ws.lintOnRun();
        if (direction != Direction.UPGRADE || onRun == LintConfig.OnRun.OFF) {
            return;
        }
        List<Revision> revisions = ferry.planUpgrade(target).steps().stream().map(PlannedStep::revision).toList();
        if (revisions.isEmpty()) {
            return;
        }
        List<Finding> findings = LintReport.live(ferry.dataSource(), ws.lintSettings(), revisions);
        if (findings.isEmpty()) {
            return;
        }
        err.println("lint before upgrade: " + LintReport.summary(findings, revisions.size()) + " (lint: "
                + onRun.id() + " in ferry.yaml)");
        LintReport.print(err, findings);
        long blocking = findings.stream().filter(Finding::blocks).count();
        if (onRun == LintConfig.OnRun.ERROR && blocking > 0) {
            throw new FerryException(MigrationErrorCode.LINT_FAILED, LintReport.count((int) blocking, "lint error")
                    + " in the revisions about to run; nothing was run", "rewrite the statements as each fix says,"
                    + " or add -- ferry:lint-ignore RULE reason above one that is safe here; 'ferry lint' lists them");
        }
    }
}
