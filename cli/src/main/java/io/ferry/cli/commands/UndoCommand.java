package io.ferry.cli.commands;

import io.ferry.migration.graph.Direction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "undo", sortOptions = false,
        description = "For Flyway projects: revert the newest versions by running their U files, and remove"
                + " them from flyway_schema_history so that migrate applies them again (Flyway stays able to"
                + " read the table). Each undo is recorded in ferry_history.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry undo                      revert the newest version",
                "  ferry undo --target 1.2         revert every version above 1.2",
                "  ferry undo --dry-run"})
public class UndoCommand extends MoveCommand implements Callable<Integer> {

    @Option(names = "--target", paramLabel = "VERSION", description = "Revert every version above this one, which"
            + " stays applied (default: revert only the newest).")
    String target;

    @Override
    public Integer call() {
        return move(Direction.DOWNGRADE, target == null ? "-1" : target, true, c -> c, dryRun);
    }
}
