package io.ferry.cli.commands;

import io.ferry.cli.json.VerifyJson;
import io.ferry.cli.support.DevServerOption;
import io.ferry.cli.support.Output;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.workspace.Workspace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", sortOptions = false,
        description = "Check the migrations on scratch databases, as CI should: a single head; a fresh database"
                + " upgrades to heads; for each revision, up then down restores the schema before it and up"
                + " again the schema after it; upgrading again changes nothing; a database built from the final"
                + " schema and stamped at heads upgrades as a no-op. Revisions without a down are listed (their"
                + " down check is skipped). Exit 0 when every check passes, 1 when one fails. Touches only the"
                + " scratch databases, dropped afterwards.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry verify", "  ferry verify --json",
                "  ferry verify --dev-url postgres://postgres@localhost:5432/postgres"})
public class VerifyCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print {\"ok\": ..., \"checks\": [{\"name\", \"ok\", \"detail\","
            + " \"failures\": [...]}], \"withoutDown\": [...]}.")
    boolean json;

    @Mixin
    DevServerOption devServer;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            RevisionGraph graph = ws.graph();
            Verification.Result result = new Verification(ws, graph, devServer.url()).run();
            if (json) {
                out.json(new VerifyJson(result.ok(), result.checks().stream().map(c -> new VerifyJson.Check(c.name(),
                        c.ok(), c.detail(), c.failures())).toList(), result.irreversible()));
                return result.ok() ? 0 : 1;
            }
            for (Verification.Check c : result.checks()) {
                out.line((c.ok() ? "ok      " : "FAILED  ") + c.name() + ": " + c.detail());
                c.failures().forEach(f -> out.line("          " + f));
            }
            out.line("without a down: " + (result.irreversible().isEmpty() ? "none"
                    : String.join(", ", result.irreversible()) + " (their down check is skipped)"));
            long failed = result.checks().stream().filter(c -> !c.ok()).count();
            out.line(failed == 0 ? "verified: all " + result.checks().size() + " checks pass"
                    : failed + " of " + result.checks().size() + " checks failed");
            return failed == 0 ? 0 : 1;
        }
    }
}
