package io.ferry.cli.commands;

import io.ferry.cli.support.Output;
import io.ferry.workspace.Workspace;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;

@Command(name = "repair", sortOptions = false,
        description = "For Flyway projects: remove the rows of failed migrations from flyway_schema_history and"
                + " realign recorded checksums and descriptions with the files, as Flyway's repair does.",
        footerHeading = "%nExamples:%n", footer = {"  ferry repair --dir db/migration"})
public class RepairCommand extends ChangeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            int[] counts = ws.flywayFerry(UnaryOperator.identity()).flyway().repair();
            out.line("repaired: removed " + counts[0] + " failed row" + (counts[0] == 1 ? "" : "s") + ", realigned "
                    + counts[1] + " checksum" + (counts[1] == 1 ? "" : "s"));
        }
        return 0;
    }
}
