package io.ferry.cli.commands;

import io.ferry.cli.support.Output;
import io.ferry.workspace.Workspace;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "baseline", sortOptions = false,
        description = "For Flyway projects: record that an existing database already has the schema up to a"
                + " version, as Flyway's baseline does; migrate then applies only the versions above it.",
        footerHeading = "%nExamples:%n", footer = {"  ferry baseline --baseline-version 4"})
public class BaselineCommand extends ChangeCommand implements Callable<Integer> {

    @Option(names = "--baseline-version", required = true, paramLabel = "VERSION",
            description = "The version the database already has.")
    String version;

    @Option(names = "--baseline-description", paramLabel = "TEXT",
            description = "The description of the baseline row (default: << Flyway Baseline >>).")
    String description;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            ws.flywayFerry(UnaryOperator.identity()).flyway().baseline(version, description);
            out.line("baselined at version " + version + ": migrate will apply the versions above it");
        }
        return 0;
    }
}
