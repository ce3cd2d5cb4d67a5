package io.ferry.cli.commands;

import io.ferry.cli.json.BranchesJson;
import io.ferry.cli.support.Output;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.workspace.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "branches", sortOptions = false,
        description = "Show the branch points of the migration files: revisions that two or more revisions"
                + " revise, and where each branch goes. Reads only the files.",
        footerHeading = "%nExamples:%n", footer = {"  ferry branches", "  ferry branches --json"})
public class BranchesCommand extends FileCommand implements Callable<Integer> {

    @Option(names = "--json",
            description = "Print {\"branchPoints\": [{\"id\": ..., \"children\": [...]}]} on stdout.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            RevisionGraph graph = ws.graph();
            List<Revision> points = graph.branchPoints();
            if (json) {
                out.json(BranchesJson.of(graph, points));
                return 0;
            }
            if (points.isEmpty()) {
                out.note("no branch points: the history is linear");
            }
            for (Revision point : points) {
                out.line(Describe.line(graph, point) + " (branch point)");
                for (Revision child : graph.children(point)) {
                    out.line("  -> " + Describe.line(graph, child));
                }
            }
        }
        return 0;
    }
}
