package io.ferry.cli.commands;

import io.ferry.cli.json.HeadsJson;
import io.ferry.cli.support.Output;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.workspace.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "heads", sortOptions = false,
        description = "Show the heads of the migration files: the revisions nothing revises yet. Reads only"
                + " the files.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry heads", "  ferry heads --dir db/migrations --json", "  ferry heads --resolve-dependencies"})
public class HeadsCommand extends FileCommand implements Callable<Integer> {

    @Option(names = "--resolve-dependencies",
            description = "Leave out heads that another branch depends on (upgrading the others applies them).")
    boolean resolveDependencies;

    @Option(names = "--json", description = "Print {\"heads\": [\"<rev>\", ...]} on stdout and nothing else there.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            RevisionGraph graph = ws.graph();
            List<Revision> heads = resolveDependencies ? graph.headsResolvingDependencies() : graph.heads();
            if (json) {
                out.json(new HeadsJson(heads.stream().map(Revision::id).toList()));
            } else {
                heads.forEach(h -> out.line(Describe.line(graph, h) + " (head)"));
            }
        }
        return 0;
    }
}
