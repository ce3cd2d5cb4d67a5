package io.ferry.cli.commands;

import io.ferry.migration.graph.Direction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "migrate", sortOptions = false,
        description = "For Flyway projects: apply every pending migration, as Flyway's migrate does, writing"
                + " flyway_schema_history as Flyway writes it.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry migrate --dir db/migration",
                "  ferry migrate --target 1.4       stop after version 1.4",
                "  ferry migrate --dry-run          list what would run, run nothing",
                "  ferry migrate --sql > up.sql     the script, for a DBA"})
public class MigrateCommand extends MoveCommand implements Callable<Integer> {

    @Option(names = "--target", paramLabel = "VERSION", description = "Stop after this version (default: the"
            + " newest, then the repeatable migrations).")
    String target;

    @Option(names = "--out-of-order", description = "Also apply versions lower than the newest applied one that"
            + " never ran (Flyway's outOfOrder); otherwise they are ignored.")
    boolean outOfOrder;

    @Override
    public Integer call() {
        return move(Direction.UPGRADE, target == null ? "heads" : target, true, c -> c.outOfOrder(outOfOrder), dryRun);
    }
}
