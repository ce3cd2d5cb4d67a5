package io.ferry.cli.commands;

import io.ferry.cli.support.Output;
import io.ferry.migration.schema.SchemaSnapshot;
import io.ferry.workspace.Workspace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dump", sortOptions = false,
        description = "Print the database's schema: every object of every schema but the system's, Ferry's own"
                + " tables left out, one line each (a table's columns under it). Changes nothing.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry schema dump", "  ferry schema dump --json > schema.json",
                "  ferry schema diff schema.json migrations@head"})
public class SchemaDumpCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the snapshot as JSON (sorted and stable, fit for a file in"
            + " git, and a side of 'ferry schema diff').")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            SchemaSnapshot snapshot = ws.snapshot();
            if (json) {
                out.document(snapshot.toJson());
            } else {
                SchemaListing.lines(snapshot).forEach(out::line);
            }
        }
        return 0;
    }
}
