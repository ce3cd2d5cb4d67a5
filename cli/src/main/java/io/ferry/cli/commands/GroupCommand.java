package io.ferry.cli.commands;

import io.ferry.cli.support.ConnectionOptions;
import io.ferry.cli.support.ProjectOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups others ({@code ferry}, {@code ferry backfill}, {@code ferry db}). It takes
 * the project and connection options too, for the commands below it: {@code ferry --url X backfill run
 * hashes} is {@code ferry backfill run hashes --url X}.
 */
public abstract class GroupCommand implements Callable<Integer> {

    @Mixin(name = ProjectOptions.MIXIN)
    ProjectOptions project;

    @Mixin(name = ConnectionOptions.MIXIN)
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (spec.parent() == null) {
            throw new ParameterException(spec.commandLine(), "missing command");
        }
        List<String> names = spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
        throw new ParameterException(spec.commandLine(), "missing command: one of " + String.join(", ", names));
    }
}
