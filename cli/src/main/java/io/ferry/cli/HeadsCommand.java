package io.ferry.cli;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "heads",
        description = "Shows the heads of the migration files: the revisions nothing revises yet.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
                "  ferry heads",
                "  ferry heads --dir db/migrations --json",
                "  ferry heads --resolve-dependencies"})
public class HeadsCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions project;

    @Option(names = "--resolve-dependencies",
            description = "Leave out heads that another branch depends on (upgrading the rest applies them).")
    boolean resolveDependencies;

    @Option(names = "--json", description = "Print one JSON document on stdout: {\"heads\": [...]}.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RevisionGraph graph = project.graph();
        List<Revision> heads = resolveDependencies ? graph.headsResolvingDependencies() : graph.heads();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(Map.of("heads", heads.stream().map(Revision::id).toList())));
        } else {
            for (Revision head : heads) {
                String labels = graph.branchLabels(head).isEmpty() ? ""
                        : " (" + String.join(", ", graph.branchLabels(head)) + ")";
                out.println(head.id() + labels + " (head)" + (head.message().isEmpty() ? "" : "  " + head.message()));
            }
        }
        out.flush();
        return 0;
    }
}
