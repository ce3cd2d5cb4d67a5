package io.ferry.cli.commands;

import io.ferry.cli.json.HistoryJson;
import io.ferry.cli.json.RevisionJson;
import io.ferry.cli.support.GlobalOptions;
import io.ferry.cli.support.Output;
import io.ferry.migration.Ferry;
import io.ferry.migration.UnknownRevisions;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.workspace.Workspace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "history", sortOptions = false,
        description = "List the revisions, newest first, with whether each is applied to the database.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry history", "  ferry history --indicate-current", "  ferry history -r ae10:head --verbose",
                "  ferry history --json"})
public class HistoryCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = {"-r", "--rev-range"}, paramLabel = "START:END",
            description = "Only the revisions from START to END, both included; either side may be empty"
                    + " (base, heads) or any target: ae10:, :head, base:billing@head.")
    String range;

    @Option(names = {"-i", "--indicate-current"}, description = "Mark the revisions the database is at.")
    boolean indicateCurrent;

    @Option(names = "--json", description = "Print {\"revisions\": [{\"id\", \"parents\", \"message\", \"applied\"},"
            + " ...]} on stdout, newest first.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        boolean verbose = GlobalOptions.verbose(spec);
        try (Workspace ws = workspace(out)) {
            Ferry ferry = ws.ferry();
            RevisionGraph graph = ferry.graph();
            List<String> current = ferry.current();
            // At heads no file defines, what the history shows below them is applied too.
            Optional<UnknownRevisions> unknown = ferry.unknownRevisions();
            List<String> tips = unknown.map(UnknownRevisions::knownTips).orElse(current);
            Set<Revision> applied = graph.ancestors(tips.stream().flatMap(id -> graph.find(id).stream()).toList());
            List<Revision> revisions = new ArrayList<>(range == null ? graph.revisions() : inRange(graph, tips));
            Collections.reverse(revisions);
            Set<Revision> branchPoints = new HashSet<>(graph.branchPoints());
            // The runs that were allowed to lose data, as ferry_history recorded them: the successful ones, and
            // the failed ones that ran outside a transaction and completed statements, which stay run.
            Map<String, List<RevisionJson.AllowedLoss>> losses = new HashMap<>();
            ferry.history().stream().filter(e -> e.dataLoss().isPresent()
                    && (e.success() || e.statementsDone().orElse(0) > 0)).forEach(e -> losses
                    .computeIfAbsent(e.revision(), k -> new ArrayList<>()).add(new RevisionJson.AllowedLoss(
                            e.action().column(), e.startedAt().toString(), e.databaseUser(), e.dataLoss().get())));
            if (json) {
                out.json(new HistoryJson(revisions.stream().map(r -> RevisionJson.of(graph, r, applied.contains(r),
                        verbose).withDataLoss(losses.getOrDefault(r.id(), List.of()))).toList()));
                return 0;
            }
            for (Revision r : revisions) {
                List<String> lost = losses.getOrDefault(r.id(), List.of()).stream().map(l -> "  data loss allowed: "
                        + l.action() + " at " + l.at() + " by " + l.databaseUser() + ": " + l.lost()).toList();
                if (verbose) {
                    Describe.details(graph, r).forEach(out::line);
                    out.line("Applied:       " + (applied.contains(r) ? "yes" : "no"));
                    lost.forEach(out::line);
                    out.line("");
                    continue;
                }
                String parents = r.parents().isEmpty() ? "<base>" : String.join(", ", r.parents());
                List<String> marks = new ArrayList<>();
                if (graph.children(r).isEmpty()) {
                    marks.add("head");
                }
                if (branchPoints.contains(r)) {
                    marks.add("branch point");
                }
                if (r.isMerge()) {
                    marks.add("merge");
                }
                if (indicateCurrent && current.contains(r.id())) {
                    marks.add("current");
                }
                if (indicateCurrent && unknown.isPresent() && unknown.get().appliedOnTopOf().contains(r.id())) {
                    marks.add("applied, below current " + String.join(", ", unknown.get().heads()));
                }
                String labels = graph.branchLabels(r).isEmpty() ? "" : " (" + String.join(", ", graph.branchLabels(r)) + ")";
                out.line(parents + " -> " + r.id() + labels + (marks.isEmpty() ? "" : " (" + String.join(", ", marks) + ")")
                        + (r.message().isEmpty() ? "" : ", " + r.message()));
                lost.forEach(out::line);
            }
            if (indicateCurrent && unknown.isPresent()) {
                out.line("current: " + unknown.get().message());
            }
        }
        return 0;
    }

    /** Revisions after START (included) up to END (included), in topological order. */
    private List<Revision> inRange(RevisionGraph graph, List<String> current) {
        int colon = range.indexOf(':');
        if (colon < 0) {
            throw new FerryException(MigrationErrorCode.INVALID_TARGET, "invalid range '" + range + "': it has no ':'",
                    "write START:END, for example ae10:head, :head or ae10:");
        }
        String start = range.substring(0, colon).trim();
        String end = range.substring(colon + 1).trim();
        List<Revision> ends = graph.resolve(end.isEmpty() ? "heads" : end, current);
        Set<Revision> selected = new HashSet<>(graph.ancestors(ends));
        if (!start.isEmpty() && !start.equals("base")) {
            List<Revision> starts = graph.resolve(start, current);
            Set<Revision> before = new HashSet<>(graph.ancestors(starts));
            before.removeAll(starts);
            selected.removeAll(before);
            selected.retainAll(graph.descendants(starts));
        }
        return graph.sorted(selected);
    }
}
