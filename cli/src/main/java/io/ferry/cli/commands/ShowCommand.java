package io.ferry.cli.commands;

import io.ferry.cli.json.RevisionJson;
import io.ferry.cli.support.Output;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.workspace.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", sortOptions = false,
        description = "Show one revision: parents, children, labels, file, checksum. Reads only the files.",
        footerHeading = "%nExamples:%n", footer = {"  ferry show ae10", "  ferry show head", "  ferry show billing@head --json"})
public class ShowCommand extends FileCommand implements Callable<Integer> {

    @Parameters(paramLabel = "REV", description = "The revision: an id, a unique prefix of 4+ characters, head,"
            + " or LABEL@head.")
    String revision;

    @Option(names = "--json", description = "Print the revision as one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            RevisionGraph graph = ws.graph();
            List<Revision> found = graph.resolve(revision, List.of());
            if (found.size() != 1) {
                throw new FerryException(MigrationErrorCode.MULTIPLE_HEADS, "'" + revision + "' names " + found.size()
                        + " revisions", "show one revision at a time");
            }
            Revision r = found.get(0);
            if (json) {
                out.json(RevisionJson.of(graph, r, null, true));
            } else {
                Describe.details(graph, r).forEach(out::line);
            }
        }
        return 0;
    }
}
