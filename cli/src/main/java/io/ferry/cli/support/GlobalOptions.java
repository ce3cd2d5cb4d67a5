package io.ferry.cli.support;

import java.util.function.BinaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The project, connection and verbose options as the user gave them, wherever on the line: {@code ferry}
 * itself, a command group ({@code backfill}, {@code db}) and every command mix them in, and a value given
 * closer to the command wins over one given before it, as the later of two flags does.
 */
public final class GlobalOptions {

    private GlobalOptions() {
    }

    /** The project options of a command, merged with those given before it on the line. */
    public static ProjectOptions project(CommandSpec spec) {
        return merged(spec, ProjectOptions.MIXIN, new ProjectOptions(), ProjectOptions::over);
    }

    /** The connection options of a command, merged with those given before it on the line. */
    public static ConnectionOptions connection(CommandSpec spec) {
        return merged(spec, ConnectionOptions.MIXIN, new ConnectionOptions(), ConnectionOptions::over);
    }

    /** What the line gave the command it runs: its last subcommand. */
    public static ParseResult command(ParseResult line) {
        ParseResult last = line;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last;
    }

    /** True when --verbose is given anywhere on the line, before the command or after it. */
    public static boolean verbose(CommandSpec spec) {
        return merged(spec, VerboseOption.MIXIN, new VerboseOption(), VerboseOption::over).verbose;
    }

    /** Walks from the command up to {@code ferry}, filling what is not given yet from each level. */
    @SuppressWarnings("unchecked")
    private static <T> T merged(CommandSpec spec, String mixin, T none, BinaryOperator<T> over) {
        T merged = none;
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            CommandSpec given = s.mixins().get(mixin);
            if (given != null) {
                merged = over.apply(merged, (T) given.userObject());
            }
        }
        return merged;
    }
}
