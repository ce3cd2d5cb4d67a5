package io.ferry.cli.commands;

import io.ferry.backfill.Backfills;
import io.ferry.backfill.BatchReport;
import io.ferry.backfill.JobDefinition;
import io.ferry.backfill.RunControl;
import io.ferry.backfill.RunRecord;
import io.ferry.backfill.RunResult;
import io.ferry.backfill.RunSettings;
import io.ferry.backfill.RunState;
import io.ferry.backfill.Sample;
import io.ferry.cli.json.BackfillRunJson;
import io.ferry.cli.support.BackfillMeter;
import io.ferry.cli.support.DurationConverter;
import io.ferry.cli.support.Output;
import io.ferry.migration.api.Durations;
import io.ferry.workspace.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;
import sun.misc.SignalHandler;

@Command(name = "run", sortOptions = false,
        description = {"Run a backfill job, or all of them in the order declared, in short batches that each commit"
                + " with their checkpoint. A run that was interrupted (killed, stopped, failed) resumes from its"
                + " checkpoint. Ctrl-C or SIGTERM stops after the current batch and leaves the run paused.",
                "With --dry-run, report exactly what the run would change, batch by batch with samples, and write"
                        + " nothing at all."},
        footerHeading = "%nExamples:%n",
        footer = {"  ferry backfill run hashes --dry-run", "  ferry backfill run hashes --batch-size 5000 --sleep 50ms",
                "  ferry backfill run variants --target-batch-ms 200", "  ferry backfill run all --json",
                "  ferry backfill run cleanup --restart",
                "", "Exit codes: as for every command ('ferry --help'); and 130 or 143 when",
                "SIGINT or SIGTERM paused the run."})
public class BackfillRunCommand extends DatabaseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name in ferry.yaml, or 'all'.")
    String job;

    @Option(names = "--dry-run", order = 31, description = "Report what the run would change; write nothing.")
    boolean dryRun;

    @Option(names = "--batch-size", paramLabel = "N", order = 32,
            description = "Rows per batch (default: the job's batch-size, else " + RunSettings.DEFAULT_BATCH_SIZE + ").")
    Integer batchSize;

    @Option(names = "--sleep", paramLabel = "DURATION", converter = DurationConverter.class, order = 33,
            description = "Pause between batches, for example 100ms (a bare number is milliseconds).")
    Duration sleep;

    @Option(names = "--max-rows", paramLabel = "N", order = 34,
            description = "Scan at most N rows in this invocation, then stop paused; the next run continues.")
    Long maxRows;

    @Option(names = "--target-batch-ms", paramLabel = "MS", order = 35,
            description = "Grow or shrink the batch size so that each batch takes about MS milliseconds.")
    Long targetBatchMs;

    @Option(names = "--restart", order = 36,
            description = "Start from the beginning even if the last run was interrupted (that run becomes cancelled).")
    boolean restart;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class, order = 37,
            description = "How long a batch waits for a row lock before it gives up and is retried smaller"
                    + " (default 1s).")
    Duration lockTimeout;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", converter = DurationConverter.class, order = 38,
            description = "How long one batch statement may run before it is retried smaller (default 30s).")
    Duration statementTimeout;

    @Option(names = "--retries", paramLabel = "N", order = 39,
            description = "Retries of a batch that timed out, each half the size, before the run fails (default "
                    + RunSettings.DEFAULT_RETRIES + ").")
    Integer retries;

    @Option(names = "--samples", paramLabel = "N", order = 40,
            description = "Rows a dry run shows before and after (default " + RunSettings.DEFAULT_SAMPLES + ").")
    Integer samples;

    @Option(names = "--json", order = 41, description = "Print the result as JSON on stdout (a list for 'all').")
    boolean json;

    @Override
    public Integer call() {
        RunSettings settings = settings();
        Output out = output();
        RunControl control = new RunControl();
        AtomicReference<String> signal = new AtomicReference<>();
        SignalHandler handler = s -> {
            if (signal.compareAndSet(null, s.getName())) {
                out.note("ferry: SIG" + s.getName() + " received; stopping after the current batch (the run is left"
                        + " paused and resumes with the same command)");
            }
            control.requestStop();
        };
        SignalHandler oldInt = Signal.handle(new Signal("INT"), handler);
        SignalHandler oldTerm = Signal.handle(new Signal("TERM"), handler);
        List<RunResult> results = new ArrayList<>();
        int planned = 0;
        try (Workspace ws = workspace(out)) {
            Backfills backfills = ws.backfills(new BackfillMeter(out.err(), System.console() != null));
            List<String> names = job.equals("all")
                    ? backfills.jobs().stream().map(JobDefinition::name).toList() : List.of(job);
            planned = names.size();
            if (names.isEmpty()) {
                out.note("ferry: no backfills are declared in ferry.yaml; nothing to run");
            }
            for (String name : names) {
                if (control.stopRequested()) {
                    break;
                }
                // A job that fails stops the rest; with --json its error is then the one document on
                // stdout, and the jobs run before it are in 'ferry backfill status'.
                RunResult result = backfills.run(name, settings, control);
                results.add(result);
                if (!json) {
                    human(out, result);
                }
            }
        } finally {
            Signal.handle(new Signal("INT"), oldInt);
            Signal.handle(new Signal("TERM"), oldTerm);
        }
        if (json) {
            print(out, results);
        }
        String stoppedBy = signal.get();
        boolean cutShort = results.size() < planned || results.stream().anyMatch(r -> r.state() == RunState.PAUSED);
        if (stoppedBy != null && cutShort) {
            return stoppedBy.equals("INT") ? 130 : 143;
        }
        return 0;
    }

    private RunSettings settings() {
        RunSettings s = RunSettings.defaults().dryRun(dryRun).restart(restart);
        try {
            if (batchSize != null) {
                s.batchSize(batchSize);
            }
            if (sleep != null) {
                s.sleep(sleep);
            }
            if (maxRows != null) {
                s.maxRows(maxRows);
            }
            if (targetBatchMs != null) {
                if (targetBatchMs < 1) {
                    throw new IllegalArgumentException("--target-batch-ms must be 1 or more, not " + targetBatchMs);
                }
                s.targetBatch(Duration.ofMillis(targetBatchMs));
            }
            if (lockTimeout != null) {
                s.lockTimeout(lockTimeout);
            }
            if (statementTimeout != null) {
                s.statementTimeout(statementTimeout);
            }
            if (retries != null) {
                s.retries(retries);
            }
            if (samples != null) {
                s.samples(samples);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return s;
    }

    private void print(Output out, List<RunResult> results) {
        if (json) {
            out.json(job.equals("all") ? results.stream().map(BackfillRunJson::of).toList()
                    : BackfillRunJson.of(results.get(0)));
        }
    }

    private static final int BATCHES_SHOWN = 20;

    private void human(Output out, RunResult r) {
        String took = Durations.format(Duration.ofMillis(r.duration().toMillis()));
        if (r.dryRun()) {
            out.line(r.job() + ": dry run: would change " + r.rowsChanged() + " of " + r.rowsScanned()
                    + " rows scanned, in " + r.batches() + " batches (" + took + "); nothing was written"
                    + r.resumedFrom().map(k -> "; it resumes after key " + k).orElse("")
                    + (r.state() == RunState.SUCCEEDED ? "" : "; stopped early, so these figures cover only the"
                    + " batches walked"));
            if (!r.reports().isEmpty()) {
                out.line(String.format("  %6s  %-24s %-24s %9s %12s", "batch", "after", "up to", "scanned",
                        "would change"));
                for (BatchReport b : r.reports().subList(0, Math.min(BATCHES_SHOWN, r.reports().size()))) {
                    out.line(String.format("  %6d  %-24s %-24s %9d %12d", b.batch(),
                            b.after().map(BackfillRunCommand::key).orElse("-"), key(b.upTo()), b.rowsScanned(),
                            b.rowsChanged()));
                }
                if (r.reports().size() > BATCHES_SHOWN) {
                    out.line("  ... " + (r.reports().size() - BATCHES_SHOWN) + " more batches (--json lists all)");
                }
            }
            if (!r.samples().isEmpty()) {
                out.line("  samples (the first " + r.samples().size() + " rows it would change):");
                for (Sample s : r.samples()) {
                    out.line("    " + s.key().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", ")) + ": " + change(s));
                }
            }
            return;
        }
        String line = r.job() + ": " + r.state().column() + ": changed " + r.rowsChanged() + " of " + r.rowsScanned()
                + " rows scanned, in " + r.batches() + " batches (" + took + "); run " + r.runId()
                + r.resumedFrom().map(k -> ", resumed after key " + k).orElse("");
        if (r.state() == RunState.PAUSED) {
            line += "; paused after key " + r.total().flatMap(RunRecord::cursor).map(Object::toString).orElse("[]")
                    + ": run the same command to resume";
        }
        out.line(line);
    }

    private static String key(List<String> key) {
        return key.size() == 1 ? key.get(0) : "(" + String.join(", ", key) + ")";
    }

    private static String change(Sample s) {
        if (s.action() == Sample.Action.DELETE) {
            return "delete" + (s.before().isEmpty() ? "" : " (" + values(s.before()) + ")");
        }
        if (s.action() == Sample.Action.INSERT) {
            return "insert" + (s.after().isEmpty() ? "" : " (" + values(s.after()) + ")");
        }
        return s.after().keySet().stream().map(c -> c + ": " + shown(s.before().get(c)) + " -> " + shown(s.after().get(c)))
                .collect(Collectors.joining("; "));
    }

    private static String values(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + shown(e.getValue())).collect(Collectors.joining(", "));
    }

    private static String shown(String value) {
        if (value == null) {
            return "NULL";
        }
        return value.length() > 80 ? value.substring(0, 77) + "..." : value;
    }
}
