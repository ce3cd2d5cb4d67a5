package io.ferry.cli.commands;

import io.ferry.cli.json.HeadsJson;
import io.ferry.cli.support.GlobalOptions;
import io.ferry.cli.support.Output;
import io.ferry.migration.Ferry;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.workspace.CommandWords;
import io.ferry.workspace.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "current", sortOptions = false,
        description = "Show the revisions the database is at (its current heads). Changes nothing.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry current", "  ferry current --verbose", "  FERRY_URL=postgres://app@db/app ferry current --json"})
public class CurrentCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print {\"heads\": [\"<rev>\", ...]} on stdout (an empty list at base).")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        boolean verbose = GlobalOptions.verbose(spec);
        try (Workspace ws = workspace(out)) {
            Ferry ferry = ws.ferry();
            RevisionGraph graph = ferry.graph();
            List<String> heads = ferry.current();
            if (json) {
                out.json(new HeadsJson(heads));
                return 0;
            }
            if (heads.isEmpty()) {
                out.note("the database is at base: no revision is applied");
            }
            for (String id : heads) {
                var revision = graph.find(id);
                if (revision.isEmpty()) {
                    out.line(id + " (not defined by any migration file)");
                } else if (verbose) {
                    Describe.details(graph, revision.get()).forEach(out::line);
                    out.line("");
                } else {
                    boolean head = graph.children(revision.get()).isEmpty();
                    out.line(Describe.line(graph, revision.get()) + (head ? " (head)" : ""));
                }
            }
            ferry.unknownRevisions().ifPresent(u -> {
                out.line("");
                out.line(u.message());
                out.line("what to do: " + CommandWords.say(u.remedy()));
            });
        }
        return 0;
    }
}
