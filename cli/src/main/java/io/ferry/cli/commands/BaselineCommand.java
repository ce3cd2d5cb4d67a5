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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "baseline", sortOptions = false,
        description = "For Flyway projects: record that an existing database already has the schema up to a"
                + " version, as Flyway's baseline does; migrate then applies only the versions above it.",
        footerHeading = "%nExamples:%n", footer = {"  ferry baseline --baseline-version 4"})
public class BaselineCommand implements Callable<Integer> {

    @Option(names = "--baseline-version", required = true, paramLabel = "VERSION",
            description = "The version the database already has.")
    String version;

    @Option(names = "--baseline-description", paramLabel = "TEXT",
            description = "The description of the baseline row (default: << Flyway Baseline >>).")
    String description;

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
            ws.flywayFerry(UnaryOperator.identity()).flyway().baseline(version, description);
            out.line("baselined at version " + version + ": migrate will apply the versions above it");
        }
        return 0;
    }
}
