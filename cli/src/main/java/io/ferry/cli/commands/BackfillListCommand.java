package io.ferry.cli.commands;

import io.ferry.backfill.JobDefinition;
import io.ferry.cli.support.Output;
import io.ferry.cli.support.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                List<Map<String, Object>> list = new ArrayList<>();
                for (JobDefinition job : jobs) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("job", job.name());
                    m.put("type", job.type());
                    m.put("table", job.options().asMap().get("table"));
                    m.put("description", job.options().asMap().get("description"));
                    Map<String, Object> settings = new LinkedHashMap<>(job.options().asMap());
                    settings.remove("type");
                    settings.remove("description");
                    m.put("settings", settings);
                    list.add(m);
                }
                out.json(list);
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
