package io.ferry.cli.support;

import java.util.function.BinaryOperator;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The project and connection options as the user gave them, wherever on the line: {@code ferry} itself,
 * a command group ({@code backfill}, {@code db}) and every command mix them in, and a value given closer
 * to the command wins over one given before it, as the later of two flags does.
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
