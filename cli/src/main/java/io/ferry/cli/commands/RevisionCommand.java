package io.ferry.cli.commands;

import io.ferry.cli.support.Output;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.source.flyway.FlywayFileWriter;
import io.ferry.migration.source.nativesql.NativeFileWriter;
import io.ferry.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "revision", sortOptions = false,
        description = "Write a new migration file after the current head, with a fresh id, and print its path.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry revision -m \"add invoices\"",
                "  ferry revision -m \"start reporting\" --head base --branch-label reporting",
                "  ferry revision -m \"invoice totals\" --head billing@head --depends-on 3c4d"})
public class RevisionCommand extends FileCommand implements Callable<Integer> {

    @Option(names = {"-m", "--message"}, required = true, paramLabel = "MESSAGE",
            description = "What the revision does, in one line; it also names the file.")
    String message;

    @Option(names = "--head", paramLabel = "REV",
            description = "The revision the new one follows (default: the single head); base starts a new line of"
                    + " history.")
    String head;

    @Option(names = "--branch-label", paramLabel = "LABEL", description = "A label for the branch the new revision"
            + " starts; repeatable.")
    List<String> branchLabels = new ArrayList<>();

    @Option(names = "--depends-on", paramLabel = "REV", description = "A revision, usually on another branch, that"
            + " must be applied first, or a branch label (the revision declaring it); repeatable.")
    List<String> dependsOn = new ArrayList<>();

    @Option(names = "--rev-id", paramLabel = "ID", description = "Use this id instead of a fresh random one.")
    String revId;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            // A first revision creates the folder; otherwise every folder must be readable.
            boolean fresh = ws.dirs().size() == 1 && !java.nio.file.Files.exists(ws.dirs().get(0));
            RevisionGraph graph = fresh ? RevisionGraph.empty() : ws.graph();
            if (!fresh && ws.isFlyway()) {
                if (head != null || revId != null || !branchLabels.isEmpty() || !dependsOn.isEmpty()) {
                    throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "--head, --rev-id, --branch-label and"
                            + " --depends-on are for native projects, and this is a Flyway project",
                            "leave them out: the new migration takes the next version");
                }
                out.line(FlywayFileWriter.writeNext(ws.dirs().get(0), graph, message).toString());
                return 0;
            }
            List<String> parents = parents(graph);
            // A branch label is kept as written (it stands for the revision declaring it); ids are written in full.
            List<String> depends = dependsOn.stream()
                    .map(ref -> graph.branchLabelOwners().containsKey(ref) ? ref : graph.resolveRef(ref).id()).toList();
            String id = revId != null ? revId : NativeFileWriter.freshId(graph);
            check(graph, id, parents, depends, branchLabels);
            Path file = NativeFileWriter.revision(id).revises(parents).message(message).branchLabels(branchLabels)
                    .dependsOn(depends).writeInto(ws.dirs().get(0));
            out.line(file.toString());
        }
        return 0;
    }

    private List<String> parents(RevisionGraph graph) {
        if (head != null) {
            return head.equals("base") ? List.of() : graph.resolve(head, List.of()).stream().map(Revision::id).toList();
        }
        List<Revision> heads = graph.heads();
        if (heads.size() > 1) {
            throw new FerryException(MigrationErrorCode.MULTIPLE_HEADS, "the migrations have several heads ("
                    + String.join(", ", heads.stream().map(Revision::id).toList()) + "), so the new revision's parent"
                    + " is unclear", "name it with --head REV, or join the heads first with: ferry merge "
                    + String.join(" ", heads.stream().map(Revision::id).toList()) + " -m MESSAGE");
        }
        return heads.stream().map(Revision::id).toList();
    }

    /** Builds the graph with the new revision in it, so a bad id or label fails before anything is written. */
    static void check(RevisionGraph graph, String id, List<String> parents, List<String> dependsOn,
                      List<String> labels) {
        List<Revision> all = new ArrayList<>(graph.revisions());
        all.add(Revision.builder(id).parents(parents.toArray(String[]::new)).dependsOn(dependsOn.toArray(String[]::new))
                .branchLabels(labels.toArray(String[]::new)).origin("the new revision").build());
        RevisionGraph.of(all);
    }
}
