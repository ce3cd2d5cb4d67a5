package io.ferry.cli.commands;

import io.ferry.backfill.JobDefinition;
import io.ferry.cli.json.BackfillJobJson;
import io.ferry.cli.support.Output;
import io.ferry.workspace.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", sortOptions = false,
        description = "List the backfill jobs declared in ferry.yaml, in the order 'run all' runs them."
                + " Reads no database.",
        footerHeading = "%nExamples:%n", footer = {"  ferry backfill list", "  ferry backfill list --json"})
public class BackfillListCommand extends FileCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the jobs as a JSON list on stdout.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            List<JobDefinition> jobs = ws.backfillJobs();
            if (json) {
                out.json(jobs.stream().map(BackfillJobJson::of).toList());
                return 0;
            }
            if (jobs.isEmpty()) {
                out.line("no backfills are declared (add them under backfills: in ferry.yaml; see docs/backfills.md)");
                return 0;
            }
            int width = jobs.stream().mapToInt(j -> j.name().length()).max().orElse(4);
            for (JobDefinition job : jobs) {
                Object table = job.options().asMap().get("table");
                Object description = job.options().asMap().get("description");
                out.line(String.format("%-" + width + "s  %-15s %s%s", job.name(), job.type(),
                        table == null ? "" : table, description == null ? "" : "  " + description));
            }
        }
        return 0;
    }
}
