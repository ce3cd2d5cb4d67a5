package io.ferry.cli.commands;

import io.ferry.cli.support.DevServerOption;
import io.ferry.cli.support.Output;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.schema.SchemaDiff;
import io.ferry.migration.schema.SchemaSnapshot;
import io.ferry.migration.source.flyway.FlywayFileWriter;
import io.ferry.migration.source.nativesql.NativeFileWriter;
import io.ferry.workspace.ScratchDatabase;
import io.ferry.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "revision", sortOptions = false,
        description = {"Write a new migration file after the current head, with a fresh id, and print its path.",
                "With --autogenerate, its up and down SQL take the schema at the head (replayed on a scratch"
                        + " database) to the one the .sql files of the desired-schema folder (ferry.yaml) create (on"
                        + " another), and back. Statements that may lose data get a '-- review:' line above them;"
                        + " renames show as a drop and an add. When the two are the same it prints 'no changes"
                        + " detected' and writes nothing."},
        footerHeading = "%nExamples:%n",
        footer = {"  ferry revision -m \"add invoices\"",
                "  ferry revision --autogenerate -m \"add invoices\"",
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

    @Option(names = "--autogenerate", description = "Write the SQL from the head's schema to the desired one"
            + " (desired-schema: in ferry.yaml) and back; native projects only.")
    boolean autogenerate;

    @Mixin
    DevServerOption devServer;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            // A first revision creates the folder; otherwise every folder must be readable.
            boolean fresh = ws.dirs().size() == 1 && !java.nio.file.Files.exists(ws.dirs().get(0));
            RevisionGraph graph = fresh ? RevisionGraph.empty() : ws.graph();
            Path desired = null;
            if (autogenerate) {
                if (!fresh && ws.isFlyway()) {
                    throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "--autogenerate writes native"
                            + " revisions, and this is a Flyway project", "write the migration by hand: 'ferry schema"
                            + " diff migrations@head URL --sql' prints the SQL from the head's schema to a database's");
                }
                desired = ws.desiredSchema();
            }
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
            NativeFileWriter writer = NativeFileWriter.revision(id).revises(parents).message(message)
                    .branchLabels(branchLabels).dependsOn(depends);
            if (autogenerate) {
                Autogenerated sql = autogenerate(ws, parents);
                if (!sql.differs()) {
                    out.line("no changes detected between the schema at " + Describe.heads(parents)
                            + " and the desired schema (" + desired + ")");
                    return 0;
                }
                writer.note(Autogenerated.RENAMES).transactional(sql.transactional()).up(sql.up()).down(sql.down());
                if (sql.reviews() > 0) {
                    out.note("ferry: " + sql.reviews() + " change(s) may lose data: review the lines marked"
                            + " '-- review:'");
                }
            }
            Path file = writer.writeInto(ws.dirs().get(0));
            out.line(file.toString());
        }
        return 0;
    }

    /** The changes from the schema at {@code parents} (replayed) to the desired one, each on a scratch database. */
    private Autogenerated autogenerate(Workspace ws, List<String> parents) {
        try (ScratchDatabase head = ws.scratchDatabase(devServer.url());
             ScratchDatabase wanted = ws.scratchDatabase(devServer.url())) {
            SchemaSnapshot from = parents.isEmpty() ? ws.snapshot(head.dataSource()) : ws.replay(head, parents);
            SchemaSnapshot to = ws.desired(wanted);
            return new Autogenerated(SchemaDiff.between(from, to));
        }
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
