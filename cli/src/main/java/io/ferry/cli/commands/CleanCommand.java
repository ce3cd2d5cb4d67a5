package io.ferry.cli.commands;

import io.ferry.cli.support.Output;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.workspace.Workspace;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "clean", sortOptions = false,
        description = "For Flyway projects: DROP every object in the schema, data and history included, as"
                + " Flyway's clean does. Refused unless --allow-clean is given.",
        footerHeading = "%nExamples:%n", footer = {"  ferry clean --allow-clean --url postgres://dev@localhost/dev_db"})
public class CleanCommand extends ChangeCommand implements Callable<Integer> {

    @Option(names = "--allow-clean", description = "Confirm that every object in the schema is to be dropped.")
    boolean allowClean;

    @Override
    public Integer call() {
        if (!allowClean) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION,
                    "clean drops every object in the schema, data included, and is refused without --allow-clean",
                    "add --allow-clean if you mean it (never on a production database)");
        }
        Output out = output();
        try (Workspace ws = workspace(out)) {
            var ferry = ws.flywayFerry(UnaryOperator.identity());
            String schema = ws.schema();
            ferry.flyway().clean(schema);
            out.line("cleaned: schema " + schema + " is empty");
        }
        return 0;
    }
}
