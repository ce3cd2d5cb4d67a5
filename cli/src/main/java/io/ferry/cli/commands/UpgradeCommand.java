package io.ferry.cli.commands;

import io.ferry.migration.graph.Direction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "upgrade", sortOptions = false,
        description = "Apply the revisions the target needs that are not applied yet, each in its own"
                + " transaction, under the migration lock.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry upgrade                 apply everything up to the (single) head",
                "  ferry upgrade heads           apply every head, when there are branches",
                "  ferry upgrade +1              apply the next revision only",
                "  ferry upgrade billing@head    bring one branch up to date",
                "  ferry upgrade --sql > up.sql  write the script for a DBA instead of running it",
                "  ferry upgrade --dry-run       what it would run, and what data it would lose",
                "  ferry upgrade --lock-timeout 1s --lock-retry-for 5min",
                "                                retry behind a long transaction for 5 minutes,",
                "                                holding up the application 1s at most each time"})
public class UpgradeCommand extends MoveCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TARGET", defaultValue = "head", arity = "0..1",
            description = "Where to go (default: head): head, heads, an id or 4+ character prefix, +N, REV+N,"
                    + " LABEL@head, LABEL@+N.")
    String target;

    @Override
    public Integer call() {
        return move(Direction.UPGRADE, target);
    }
}
