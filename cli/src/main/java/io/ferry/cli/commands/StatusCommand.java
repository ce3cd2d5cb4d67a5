package io.ferry.cli.commands;

import io.ferry.cli.json.StatusJson;
import io.ferry.cli.support.Output;
import io.ferry.migration.Status;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.workspace.CommandWords;
import io.ferry.workspace.Workspace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", sortOptions = false,
        description = "Show where the database stands: current and target heads, pending revisions, the last"
                + " failure, and who holds the migration lock. Changes nothing.",
        footerHeading = "%nExamples:%n", footer = {"  ferry status", "  ferry status --json"})
public class StatusCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the status as one JSON document on stdout.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            Status status = ws.ferry().status();
            if (json) {
                out.json(StatusJson.of(status, CommandWords::say));
                return 0;
            }
            out.line("current:      " + Describe.heads(status.currentHeads()) + (status.initialised() ? "" : " (Ferry has not run here)"));
            out.line("target:       " + Describe.heads(status.targetHeads()));
            out.line("pending:      " + (status.pending().isEmpty() ? "none" : status.pending().size() + ": "
                    + String.join(", ", status.pending())));
            status.unknownRevisions().ifPresent(u -> {
                out.line("unknown:      " + u.message());
                out.line("what to do:   " + CommandWords.say(u.remedy()));
            });
            out.line("last failure: " + status.lastFailure().map(StatusCommand::failure).orElse("none"));
            out.line("lock:         " + status.lockHolder().map(h -> "held by " + h.describe()).orElse("free"));
        }
        return 0;
    }

    /**
     * The failure, and for a revision run statement by statement that stopped part-way, what stays applied
     * and how the next run goes on.
     */
    private static String failure(HistoryEntry e) {
        String partial = "";
        int done = e.statementsDone().orElse(0);
        if (done > 0 && e.statementsTotal().isPresent()) {
            partial = "; statements 1 to " + done + " of " + e.statementsTotal().get() + " stay applied: ferry "
                    + e.action().column() + " --resume continues at statement " + (done + 1);
        }
        return e.action().column() + " of " + e.revision() + " at " + e.startedAt() + ": "
                + e.error().orElse("(no error text)") + partial;
    }
}
