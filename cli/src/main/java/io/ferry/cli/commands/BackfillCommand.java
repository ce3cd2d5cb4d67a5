package io.ferry.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "backfill", sortOptions = false,
        description = "Run the data backfills declared under backfills: in ferry.yaml, in short batches with"
                + " checkpoints; always try --dry-run first.",
        subcommands = {BackfillListCommand.class, BackfillRunCommand.class, BackfillStatusCommand.class,
                HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ferry backfill list", "  ferry backfill run hashes --dry-run", "  ferry backfill run hashes",
                "  ferry backfill run all --sleep 100ms --json", "  ferry backfill status",
                "", "'ferry backfill help run' (or 'ferry backfill run --help') explains each subcommand;"
                        + " see docs/backfills.md."})
public class BackfillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: list, run or status");
    }
}
