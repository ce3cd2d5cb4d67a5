package io.ferry.cli.commands;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParameterException;

/**
 * A command that only groups others ({@code ferry}, {@code ferry backfill}, {@code ferry db}). It takes
 * the project and connection options too, for the commands below it: {@code ferry --url X backfill run
 * hashes} is {@code ferry backfill run hashes --url X}.
 */
public abstract class GroupCommand extends OptionsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        if (spec.parent() == null) {
            throw new ParameterException(spec.commandLine(), "missing command");
        }
        List<String> names = spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
        throw new ParameterException(spec.commandLine(), "missing command: one of " + String.join(", ", names));
    }
}
