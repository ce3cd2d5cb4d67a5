package io.ferry.cli.commands;

import io.ferry.backfill.JobStatus;
import io.ferry.backfill.RunRecord;
import io.ferry.cli.json.BackfillStatusJson;
import io.ferry.cli.support.Output;
import io.ferry.workspace.Workspace;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", sortOptions = false,
        description = "Show each declared backfill's newest run: its state (running, paused, succeeded, failed,"
                + " cancelled, or interrupted when its process died), checkpoint, rows, rate, and who runs it now."
                + " Changes nothing.",
        footerHeading = "%nExamples:%n", footer = {"  ferry backfill status", "  ferry backfill status --json"})
public class BackfillStatusCommand extends DatabaseCommand implements Callable<Integer> {

    private static final int RECENT = 10;

    @Option(names = "--json", description = "Print the status as a JSON list on stdout.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            List<JobStatus> status = ws.backfills().status(RECENT);
            if (json) {
                out.json(status.stream().map(BackfillStatusJson::of).toList());
                return 0;
            }
            if (status.isEmpty()) {
                out.line("no backfills are declared (add them under backfills: in ferry.yaml; see docs/backfills.md)");
                return 0;
            }
            for (JobStatus s : status) {
                String head = s.definition().name() + " (" + s.definition().type() + "): ";
                if (s.last().isEmpty()) {
                    out.line(head + "never run" + s.runningIn().map(h -> "; starting now in " + h.describe()).orElse(""));
                    continue;
                }
                RunRecord r = s.last().get();
                out.line(head + r.displayState() + ", run " + r.id() + ": " + r.rowsScanned() + " rows scanned, "
                        + r.rowsChanged() + " changed, " + r.batches() + " batches"
                        + (r.attempts() > 1 ? " in " + r.attempts() + " attempts" : "")
                        + Optional.ofNullable(BackfillStatusJson.rate(r.recent())).map(x -> ", lately " + x + " rows/s")
                        .orElse(""));
                out.line("  started " + r.startedAt() + " by " + r.startedBy() + r.endedAt().map(e -> ", ended " + e)
                        .orElse(", last batch " + r.updatedAt()));
                r.cursor().ifPresent(c -> out.line("  checkpoint: after key " + c));
                s.runningIn().ifPresent(h -> out.line("  running in " + h.describe()));
                if (r.interrupted()) {
                    out.line("  its process died; 'ferry backfill run " + r.job() + "' resumes from the checkpoint");
                }
                r.error().ifPresent(e -> out.line("  error: " + e));
            }
        }
        return 0;
    }
}
