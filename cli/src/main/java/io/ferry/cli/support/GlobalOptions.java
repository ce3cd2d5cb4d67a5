package io.ferry.cli.support;

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
        ProjectOptions merged = new ProjectOptions();
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            CommandSpec mixin = s.mixins().get(ProjectOptions.MIXIN);
            if (mixin != null) {
                merged = merged.over((ProjectOptions) mixin.userObject());
            }
        }
        return merged;
    }

    /** The connection options of a command, merged with those given before it on the line. */
    public static ConnectionOptions connection(CommandSpec spec) {
        ConnectionOptions merged = new ConnectionOptions();
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            CommandSpec mixin = s.mixins().get(ConnectionOptions.MIXIN);
            if (mixin != null) {
                merged = merged.over((ConnectionOptions) mixin.userObject());
            }
        }
        return merged;
    }
}
