package io.ferry.cli.commands;

import io.ferry.cli.json.CheckJson;
import io.ferry.cli.support.Output;
import io.ferry.migration.Status;
import io.ferry.workspace.CommandWords;
import io.ferry.workspace.Workspace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", sortOptions = false,
        description = "Exit 0 when the database is at every head of the migration files, 1 otherwise, printing"
                + " what is pending, or, when the database is at a revision no file defines, whether it is ahead"
                + " of the files or on another branch of them and what to do. For CI and deploy gates.",
        footerHeading = "%nExamples:%n", footer = {"  ferry check && deploy", "  ferry check --json"})
public class CheckCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print {\"upToDate\": ..., \"current\": [...], \"pending\": [...], ...}.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            Status status = ws.ferry().status();
            if (json) {
                out.json(CheckJson.of(status, CommandWords::say));
            } else if (status.upToDate()) {
                out.line("up to date: the database is at " + Describe.heads(status.currentHeads()));
            } else {
                if (!status.pending().isEmpty()) {
                    out.line("pending: " + status.pending().size() + " revision" + (status.pending().size() == 1 ? "" : "s")
                            + " not applied: " + String.join(", ", status.pending()));
                }
                status.unknownRevisions().ifPresent(u -> {
                    out.line("unknown: " + u.message());
                    out.line("what to do: " + CommandWords.say(u.remedy()));
                });
            }
            return status.upToDate() ? 0 : 1;
        }
    }
}
