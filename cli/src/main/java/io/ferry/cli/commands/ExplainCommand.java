package io.ferry.cli.commands;

import io.ferry.cli.json.ExplainJson;
import io.ferry.cli.support.Output;
import io.ferry.migration.jdbc.Session;
import io.ferry.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "explain", sortOptions = false,
        description = {"Explain each named query of a file on the project's database: its plan's nodes, the indexes"
                + " it uses and its estimated cost. A query is named by a line '-- name: NAME' above it; lines"
                + " '-- expect: index NAME' (or '-- expect: index', any) there say what its plan must use.",
                "Exit 0 when every expectation is met, 1 when one is not (so a CI job fails when a query loses"
                        + " its index). Changes nothing: --analyze runs each query inside a transaction that is"
                        + " rolled back."},
        footerHeading = "%nExamples:%n",
        footer = {"  ferry explain queries.sql", "  ferry explain queries.sql --analyze", "  ferry explain queries.sql"
                + " --json"})
public class ExplainCommand extends DatabaseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A file of SQL queries, each named by '-- name: NAME'.")
    Path file;

    @Option(names = "--analyze", description = "Run each query too (EXPLAIN ANALYZE), inside a transaction rolled"
            + " back afterwards, and show actual times and rows.")
    boolean analyze;

    @Option(names = "--json", description = "Print {\"ok\": ..., \"queries\": [{\"name\", \"line\", \"cost\","
            + " \"actualMs\", \"usesIndex\", \"indexes\", \"nodes\": [{\"depth\", \"type\", \"relation\", \"index\","
            + " \"cost\", \"actualMs\", \"actualRows\"}], \"expectations\": [{\"expect\", \"line\", \"met\","
            + " \"why\"}]}]}.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        // The file is read and checked before any connection is opened.
        List<NamedQuery> queries = NamedQuery.read(file);
        List<ExplainJson.Query> plans = new ArrayList<>();
        try (Workspace ws = workspace(out); Session session = Session.open(ws.dataSource())) {
            for (NamedQuery q : queries) {
                plans.add(QueryPlan.explain(session.connection(), q, analyze, file.toString()));
            }
        }
        ExplainJson result = ExplainJson.of(plans);
        if (json) {
            out.json(result);
        } else {
            plans.forEach(p -> print(out, p));
        }
        return result.ok() ? 0 : 1;
    }

    private static void print(Output out, ExplainJson.Query q) {
        out.line(q.name() + " (line " + q.line() + "): cost " + number(q.cost())
                + (q.actualMs() == null ? "" : ", " + number(q.actualMs()) + " ms")
                + (q.usesIndex() ? ", index " + String.join(", ", q.indexes()) : ", no index"));
        for (ExplainJson.Node n : q.nodes()) {
            out.line("  " + "  ".repeat(n.depth()) + n.type() + (n.relation() == null ? "" : " on " + n.relation())
                    + (n.index() == null ? "" : " using " + n.index()) + "  cost " + number(n.cost())
                    + (n.actualMs() == null ? "" : ", " + number(n.actualMs()) + " ms")
                    + (n.actualRows() == null ? "" : ", " + n.actualRows() + " rows"));
        }
        for (ExplainJson.Expectation e : q.expectations()) {
            out.line("  expect " + e.expect() + ": " + (e.met() ? "ok" : "FAILED: " + e.why()));
        }
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
