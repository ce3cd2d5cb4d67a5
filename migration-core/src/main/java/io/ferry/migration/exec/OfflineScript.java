package io.ferry.migration.exec;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.history.Action;
import io.ferry.migration.history.History;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.sql.SqlStatement;
import java.util.List;

/**
 * Renders a plan as a SQL script a DBA can review and run with {@code psql -v ON_ERROR_STOP=1}: the
 * history tables if they are missing, then each revision with its {@code ferry_version} and
 * {@code ferry_history} writes, inside {@code BEGIN}/{@code COMMIT} for transactional revisions. Each
 * revision's statements and timeouts are those an online run sends (see {@link StepSql}).
 */
public final class OfflineScript {

    private OfflineScript() {
    }

    /**
     * @param plan     what to render
     * @param history  the history the target database keeps, which writes its own statements
     * @param setup    the statements that create or update the history tables first, if any
     * @param settings the timeouts each revision runs under
     */
    public static String render(Plan plan, History history, List<String> setup, ExecutionSettings settings) {
        StringBuilder out = new StringBuilder();
        String verb = plan.direction() == Direction.UPGRADE ? "upgrade" : "downgrade";
        out.append("-- Ferry offline script: ").append(verb).append(" to ").append(plan.target())
                .append(" from ").append(plan.headsBefore().isEmpty() ? "base" : String.join(", ", plan.headsBefore()))
                .append(" (").append(plan.steps().size()).append(" revision")
                .append(plan.steps().size() == 1 ? "" : "s").append(")\n");
        out.append("-- Run it with: psql -v ON_ERROR_STOP=1 -f FILE\n\n");
        if (plan.isEmpty()) {
            out.append("-- Nothing to do: the database is already there.\n");
            return out.toString();
        }
        if (!setup.isEmpty()) {
            out.append("-- the history tables\nBEGIN;\n");
            setup.forEach(ddl -> out.append(ddl).append(";\n"));
            out.append("COMMIT;\n\n");
        }
        for (PlannedStep step : plan.steps()) {
            renderStep(out, step, history, settings);
        }
        return out.toString();
    }

    private static void renderStep(StringBuilder out, PlannedStep step, History history,
                                   ExecutionSettings settings) {
        if (step.body() instanceof io.ferry.migration.graph.JavaBody) {
            throw new io.ferry.migration.api.FerryException(io.ferry.migration.api.MigrationErrorCode.INVALID_TARGET,
                    step.revision().id() + " (" + step.revision().origin() + ") is a Java migration, which a SQL script"
                            + " cannot hold", "run it with ferry itself, or stop the script before it with a target");
        }
        Action action = step.direction() == Direction.UPGRADE ? Action.UPGRADE : Action.DOWNGRADE;
        out.append("-- ").append(action.column()).append(' ').append(step.revision().id());
        if (!step.revision().message().isEmpty()) {
            out.append(": ").append(step.revision().message().replace('\n', ' '));
        }
        out.append("\n-- from ").append(step.revision().origin()).append('\n');
        StepSql stepSql = StepSql.offline(step, settings);
        if (stepSql.transactional()) {
            out.append("BEGIN;\n");
            stepSql.transactionSettings().forEach(set -> out.append(set).append(";\n"));
        } else {
            out.append("-- runs statement by statement, outside a transaction\n");
            stepSql.sessionSettings().forEach(set -> out.append(set).append(";\n"));
        }
        for (SqlStatement statement : stepSql.statements()) {
            if (!stepSql.transactional()) {
                out.append(stepSql.lockTimeoutFor(statement)).append(";\n");
            }
            appendStatement(out, statement.sql());
        }
        if (!stepSql.transactional()) {
            stepSql.sessionReset().forEach(reset -> out.append(reset).append(";\n"));
            out.append("BEGIN;\n");
        }
        Integer count = stepSql.transactional() ? null : stepSql.statements().size();
        history.offlineRecord(step, count).forEach(sql -> out.append(sql).append(";\n"));
        out.append("COMMIT;\n\n");
    }

    /** A statement whose last line holds a line comment gets its semicolon on a line of its own. */
    private static void appendStatement(StringBuilder out, String sql) {
        String lastLine = sql.substring(sql.lastIndexOf('\n') + 1);
        out.append(sql).append(lastLine.contains("--") ? "\n;\n" : ";\n");
    }
}
