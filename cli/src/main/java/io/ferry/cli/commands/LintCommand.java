package io.ferry.cli.commands;

import io.ferry.cli.FerryCommand;
import io.ferry.cli.json.LintJson;
import io.ferry.cli.json.SarifJson;
import io.ferry.cli.support.LintReport;
import io.ferry.cli.support.Output;
import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.lint.Catalog;
import io.ferry.migration.lint.Finding;
import io.ferry.migration.lint.Linter;
import io.ferry.migration.lint.rules.Rules;
import io.ferry.migration.source.flyway.FlywayTargets;
import io.ferry.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lint", sortOptions = false,
        description = "Check migrations for statements that lock or rewrite tables, break the previous release or"
                + " lose data, and print each finding with its file, line and column, its rule and the safe way to"
                + " write it. With a database (--url, FERRY_URL, DATABASE_URL or url in ferry.yaml), the pending"
                + " revisions, sized by the live tables; without one, every revision. Exit 1 when an error no"
                + " ferry:lint-ignore comment suppresses remains. See docs/lint.md.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry lint                     the pending revisions (all without a database)",
                "  ferry lint --all               every revision, even with a database",
                "  ferry lint migrations/004_x.sql 1f3a",
                "                                 one file and one revision (id or prefix)",
                "  ferry lint --format sarif > lint.sarif",
                "                                 for a code-scanning tool"})
public class LintCommand extends DatabaseCommand implements Callable<Integer> {

    /** What a comment without a reason is, as a rule of the SARIF log. */
    private static final String IGNORE_TITLE = "a ferry:lint-ignore comment without a rule or a reason suppresses"
            + " nothing";

    @Parameters(paramLabel = "REV|FILE", arity = "0..*",
            description = "Revisions to lint, by id or 4+ character prefix (a Flyway version too), or by migration"
                    + " file path. Default: the pending ones with a database, else all.")
    List<String> selected = new ArrayList<>();

    @Option(names = "--all", order = 30, description = "Lint every revision, even when a database is given.")
    boolean all;

    @Option(names = "--format", paramLabel = "FORMAT", order = 31,
            description = "text (the default), json, or sarif (SARIF 2.1.0, for code-scanning tools).")
    Format format;

    @Option(names = "--json", order = 32, description = "Same as --format json: {\"ok\": ..., \"findings\": [{\"file\","
            + " \"line\", \"column\", \"rule\", \"severity\", \"message\", \"fix\", \"revision\", \"suppressed\"}],"
            + " \"summary\": {...}}.")
    boolean json;

    enum Format { text, json, sarif }

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            // Only a database given by URL is read: the embedded server is not started just to lint.
            Ferry ferry = ws.hasUrl() ? ws.ferry() : null;
            RevisionGraph graph = ferry != null ? ferry.graph() : ws.graph();
            List<Revision> revisions = !selected.isEmpty() ? selected(ws, graph)
                    : ferry != null && !all ? ferry.status().pending().stream().map(graph::get).toList()
                    : graph.revisions();
            List<Finding> findings = ferry != null ? Rules.lintLive(ferry.dataSource(), ws.lintSettings(), revisions)
                    : Rules.linter(ws.lintSettings(), Catalog.NONE).lint(revisions);
            Format as = format != null ? format : json ? Format.json : Format.text;
            switch (as) {
                case json -> out.json(LintJson.of(findings, revisions.size()));
                case sarif -> out.json(sarif(ws, findings));
                case text -> {
                    LintReport.print(out.out(), findings);
                    out.line(LintReport.summary(findings, revisions.size()));
                }
            }
            return findings.stream().anyMatch(Finding::blocks) ? 1 : 0;
        }
    }

    /** The revisions the arguments name, in the graph's order, each once. */
    private List<Revision> selected(Workspace ws, RevisionGraph graph) {
        Set<Revision> chosen = new LinkedHashSet<>();
        for (String arg : selected) {
            Path file = Path.of(arg).toAbsolutePath().normalize();
            if (Files.isRegularFile(file)) {
                List<Revision> from = graph.revisions().stream().filter(r -> sameFile(r.origin(), file)).toList();
                if (from.isEmpty()) {
                    throw new FerryException(MigrationErrorCode.UNKNOWN_REVISION, "no revision comes from " + arg,
                            "give a migration file in " + folders(ws) + ", or a revision id");
                }
                chosen.addAll(from);
            } else if (arg.endsWith(".sql") || arg.contains("/")) {
                throw new FerryException(MigrationErrorCode.UNKNOWN_REVISION, "no file " + arg,
                        "give the path of a migration file in " + folders(ws) + ", or a revision id");
            } else {
                chosen.add(graph.resolveRef(ws.isFlyway() ? FlywayTargets.toRevision(graph, arg) : arg));
            }
        }
        return graph.revisions().stream().filter(chosen::contains).toList();
    }

    private static boolean sameFile(String origin, Path file) {
        try {
            return Path.of(origin).toAbsolutePath().normalize().equals(file);
        } catch (RuntimeException notAPath) {
            return false;
        }
    }

    private static String folders(Workspace ws) {
        return ws.dirs().stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /**
     * The SARIF log: files relative to the source root ({@link #sourceRoot}), each rule's fix its help.
     */
    private static SarifJson sarif(Workspace ws, List<Finding> findings) {
        List<SarifJson.Rule> rules = Stream.concat(Rules.all().stream().map(SarifJson.Rule::of),
                Stream.of(SarifJson.Rule.of(Linter.IGNORE_WITHOUT_REASON, IGNORE_TITLE,
                        "write it as -- ferry:lint-ignore RULE why it is safe here"))).toList();
        String version = FerryCommand.class.getPackage().getImplementationVersion();
        return SarifJson.of(version, rules, findings, sourceRoot(ws.root()));
    }

    /**
     * The folder SARIF names files relative to: the root of the git work tree holding the project (the nearest
     * folder from the project's root up with a {@code .git} entry), which code-scanning tools check out; else the
     * project's root.
     */
    static Path sourceRoot(Path projectRoot) {
        for (Path p = projectRoot.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return projectRoot;
    }
}
