package io.ferry.cli.commands;

import io.ferry.cli.support.Output;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.source.nativesql.NativeFileWriter;
import io.ferry.workspace.Workspace;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", sortOptions = false,
        description = "Write a merge revision that joins two or more heads into one, and print its path.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry merge heads -m \"join billing and catalog\"", "  ferry merge ae10 27c6 -m \"merge\""})
public class MergeCommand extends FileCommand implements Callable<Integer> {

    @Parameters(paramLabel = "REV", arity = "1..*",
            description = "The revisions to join: ids, prefixes, LABEL@head, or heads for every head.")
    List<String> revisions;

    @Option(names = {"-m", "--message"}, required = true, paramLabel = "MESSAGE",
            description = "What the merge is for, in one line; it also names the file.")
    String message;

    @Option(names = "--rev-id", paramLabel = "ID", description = "Use this id instead of a fresh random one.")
    String revId;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            RevisionGraph graph = ws.graph();
            if (ws.isFlyway()) {
                throw new FerryException(MigrationErrorCode.INVALID_TARGET, "a Flyway project's versions form one line, so"
                        + " it has no heads to merge", "write the next migration with: ferry revision -m MESSAGE");
            }
            Set<String> parents = new LinkedHashSet<>();
            for (String ref : revisions) {
                graph.resolve(ref, List.of()).forEach(r -> parents.add(r.id()));
            }
            if (parents.size() < 2) {
                throw new FerryException(MigrationErrorCode.INVALID_TARGET, "a merge joins two or more revisions; "
                        + String.join(" ", revisions) + " names " + (parents.isEmpty() ? "none" : "only " + parents),
                        "name the heads to join; ferry heads lists them");
            }
            String id = revId != null ? revId : NativeFileWriter.freshId(graph);
            List<String> parentList = List.copyOf(parents);
            RevisionCommand.check(graph, id, parentList, List.of(), List.of());
            Path file = NativeFileWriter.revision(id).revises(parentList).message(message)
                    .note("A merge revision: it joins the branches above and usually has nothing to do.")
                    .writeInto(ws.dirs().get(0));
            out.line(file.toString());
        }
        return 0;
    }
}
