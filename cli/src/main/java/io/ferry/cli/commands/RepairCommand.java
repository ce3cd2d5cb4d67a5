package io.ferry.cli.commands;

import io.ferry.cli.support.ConnectionOptions;
import io.ferry.cli.support.Output;
import io.ferry.cli.support.ProjectOptions;
import io.ferry.cli.support.RunOptions;
import io.ferry.cli.support.Workspace;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "repair", sortOptions = false,
        description = "For Flyway projects: remove the rows of failed migrations from flyway_schema_history and"
                + " realign recorded checksums and descriptions with the files, as Flyway's repair does.",
        footerHeading = "%nExamples:%n", footer = {"  ferry repair --dir db/migration"})
public class RepairCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ProjectOptions project;

    @Mixin
    RunOptions run;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Output out = new Output(spec);
        try (Workspace ws = Workspace.run(project, connection, run, out.err())) {
            int[] counts = ws.flywayFerry(UnaryOperator.identity()).flyway().repair();
            out.line("repaired: removed " + counts[0] + " failed row" + (counts[0] == 1 ? "" : "s") + ", realigned "
                    + counts[1] + " checksum" + (counts[1] == 1 ? "" : "s"));
        }
        return 0;
    }
}
