package io.ferry.cli.commands;

import io.ferry.cli.json.MoveJson;
import io.ferry.cli.json.PlanJson;
import io.ferry.cli.support.LintReport;
import io.ferry.cli.support.Output;
import io.ferry.cli.support.Progress;
import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.api.Durations;
import io.ferry.migration.exec.PartialPolicy;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.safety.DataLossReport;
import io.ferry.migration.source.flyway.FlywayTargets;
import io.ferry.workspace.Workspace;
import java.time.Duration;
import java.util.function.UnaryOperator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What upgrade and downgrade share: run a plan, or print it as SQL. */
abstract class MoveCommand extends ChangeCommand {

    @Option(names = "--sql", order = 30,
            description = "Print the SQL script this would run, for review or for psql, instead of running it.")
    boolean sql;

    @ArgGroup(exclusive = true)
    Partial partial;

    static class Partial {
        @Option(names = "--resume", order = 31, description = "Continue a revision an earlier run left half done"
                + " (statement by statement) at the statement that failed, after fixing its cause.")
        boolean resume;

        @Option(names = "--restart", order = 32, description = "Run such a revision again from its first"
                + " statement, after undoing by hand the statements that ran.")
        boolean restart;
    }

    @Option(names = "--json", order = 33, description = "Print the result as one JSON document on stdout.")
    boolean json;

    @Option(names = "--dry-run", order = 34, description = "List the migrations that would run and what they would"
            + " lose of the data the database holds, and run nothing.")
    boolean dryRun;

    @Option(names = "--allow-data-loss", order = 35, description = "Run even when statements would drop a table or"
            + " a column that holds data, empty a table, or convert values with loss (counted before the run, which"
            + " refuses otherwise); the history records what was lost.")
    boolean allowDataLoss;

    int move(Direction direction, String target) {
        return move(direction, target, false, UnaryOperator.identity(), dryRun);
    }

    /**
     * Runs, prints as SQL, or (dry run) lists the steps of a move. For Flyway's commands the project is
     * read as a Flyway project whatever the flags say, and a target may be a Flyway version.
     */
    int move(Direction direction, String requested, boolean flywayCommand, UnaryOperator<FerryConfiguration> extra,
             boolean dryRun) {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            PartialPolicy policy = partial == null ? PartialPolicy.REFUSE
                    : partial.resume ? PartialPolicy.RESUME : PartialPolicy.RESTART;
            UnaryOperator<FerryConfiguration> settings = c -> extra.apply(c.partialPolicy(policy)
                    .allowDataLoss(allowDataLoss).listener(json ? e -> { } : new Progress(out.err())));
            Ferry ferry = flywayCommand ? ws.flywayFerry(settings::apply) : ws.ferry(settings::apply);
            String target = flywayCommand ? FlywayTargets.toRevision(ferry.graph(), requested) : requested;
            if (dryRun) {
                Plan plan = direction == Direction.UPGRADE ? ferry.planUpgrade(target) : ferry.planDowngrade(target);
                DataLossReport loss = ferry.dataLoss(plan);
                if (json) {
                    out.json(PlanJson.of(plan, loss));
                } else if (plan.isEmpty()) {
                    out.line("dry run: nothing to do; the database is at " + Describe.heads(plan.headsBefore()));
                } else {
                    out.line("dry run: would run " + plan.steps().size() + " migration"
                            + (plan.steps().size() == 1 ? "" : "s") + ", changing nothing now:");
                    plan.steps().forEach(s -> out.line("  " + s.direction().name().toLowerCase(java.util.Locale.ROOT)
                            + " " + s.revision().id() + " (" + s.revision().origin() + ")"
                            + (s.transactional() ? "" : ", outside a transaction")));
                    LossReport.lines(loss).forEach(out::line);
                }
                return 0;
            }
            if (sql) {
                Plan plan = direction == Direction.UPGRADE ? ferry.planUpgrade(target) : ferry.planDowngrade(target);
                LossReport.comment(ferry.dataLoss(plan)).forEach(out.out()::println);
                out.document(ferry.sqlScript(plan));
                return 0;
            }
            LintReport.beforeRun(ws, ferry, direction, target, out.err());
            if (allowDataLoss && ferry.isFlywayProject()) {
                out.note("note: flyway_schema_history has no place for it: what this run is allowed to lose is recorded"
                        + " in ferry_history only");
            }
            MigrationResult result = direction == Direction.UPGRADE ? ferry.upgrade(target) : ferry.downgrade(target);
            if (json) {
                out.json(MoveJson.of(result));
            } else if (result.nothingToDo()) {
                out.line("nothing to do: the database is already at " + Describe.heads(result.headsAfter())
                        + " (" + direction.name().toLowerCase(java.util.Locale.ROOT) + " " + target + ")");
            } else {
                out.line(direction.name().toLowerCase(java.util.Locale.ROOT) + "d " + result.steps().size() + " revision"
                        + (result.steps().size() == 1 ? "" : "s") + " in " + Durations.format(ms(result.took()))
                        + "; the database is at " + Describe.heads(result.headsAfter()));
            }
        }
        return 0;
    }

    private static Duration ms(Duration d) {
        return Duration.ofMillis(d.toMillis());
    }
}
