package io.ferry.cli.commands;

import io.ferry.cli.json.InfoJson;
import io.ferry.cli.support.Output;
import io.ferry.migration.history.flyway.FlywayInfo;
import io.ferry.workspace.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", sortOptions = false,
        description = "For Flyway projects: every migration, applied or not, with its state, as Flyway's info"
                + " shows it. Changes nothing.",
        footerHeading = "%nExamples:%n", footer = {"  ferry info --dir db/migration", "  ferry info --json"})
public class InfoCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print {\"migrations\": [{\"version\", \"description\", \"type\","
            + " \"checksum\", \"state\", \"installedOn\"}, ...]} on stdout.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            List<FlywayInfo.Entry> entries = ws.flywayFerry(UnaryOperator.identity()).flyway().info();
            if (json) {
                out.json(InfoJson.of(entries));
                return 0;
            }
            out.line(String.format("%-10s %-40s %-10s %-20s %s", "Version", "Description", "Type", "Installed on",
                    "State"));
            for (FlywayInfo.Entry e : entries) {
                out.line(String.format("%-10s %-40s %-10s %-20s %s", e.version().orElse(""),
                        e.description().length() > 40 ? e.description().substring(0, 37) + "..." : e.description(),
                        e.type(), e.installedOn().map(i -> i.toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"))
                                .orElse(""), e.state()));
            }
        }
        return 0;
    }
}
