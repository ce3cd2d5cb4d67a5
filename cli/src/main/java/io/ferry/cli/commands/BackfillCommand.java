package io.ferry.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "backfill", sortOptions = false,
        description = "Run the data backfills declared under backfills: in ferry.yaml, in short batches with"
                + " checkpoints; always try --dry-run first.",
        subcommands = {BackfillListCommand.class, BackfillRunCommand.class, BackfillStatusCommand.class,
                HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ferry backfill list", "  ferry backfill run hashes --dry-run", "  ferry backfill run hashes",
                "  ferry backfill run all --sleep 100ms --json", "  ferry backfill status",
                "", "'ferry backfill help run' (or 'ferry backfill run --help') explains each",
                "command; see docs/backfills.md."})
public class BackfillCommand extends GroupCommand {
}
