package io.ferry.cli.commands;

import io.ferry.migration.graph.Direction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "downgrade", sortOptions = false,
        description = "Revert every applied revision after the target, running their down sections, under"
                + " the migration lock.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry downgrade -1            revert the last revision",
                "  ferry downgrade ae10          go back to revision ae10... (it stays applied)",
                "  ferry downgrade base          revert everything",
                "  ferry downgrade billing@-1    one revision back on branch billing",
                "  ferry downgrade -1 --sql      print the script instead of running it",
                "  ferry downgrade -1 --dry-run  what it would run, and what data it would lose",
                "  ferry downgrade -1 --allow-data-loss",
                "                                run it although it drops data (saved first)"})
public class DowngradeCommand extends MoveCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TARGET", description = "Where to go back to (required): -N, an id or 4+ character"
            + " prefix, REV-N, base, LABEL@REV, LABEL@base, LABEL@-N.")
    String target;

    @Override
    public Integer call() {
        return move(Direction.DOWNGRADE, target);
    }
}
